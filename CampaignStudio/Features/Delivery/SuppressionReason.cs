namespace CampaignStudio.Features.Delivery;

public enum SuppressionReason
{
    Unsubscribed = 1,
    HardBounce = 2,
    Complaint = 3,
    Manual = 4,

    /// <summary>The person replied STOP (or another opt-out keyword) on this channel: covers that channel only, lifted by START.</summary>
    ReplyStop = 5,
}
