namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>What an inbound text asks for, read as carriers and Twilio read it (the whole message, trimmed, any case).</summary>
public enum ReplyKeyword
{
    /// <summary>Anything that is not a keyword: recorded, nothing changes.</summary>
    Other = 0,

    /// <summary>STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT: the number leaves the channel.</summary>
    Stop = 1,

    /// <summary>START, UNSTOP, YES: what a STOP did is undone.</summary>
    Start = 2,

    /// <summary>HELP, INFO: Twilio answers it; recorded, nothing changes.</summary>
    Help = 3,
}
