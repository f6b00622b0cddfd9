namespace CampaignStudio.Tests.TestSupport;

/// <summary>How <see cref="TwilioStandIn"/> signs a status callback it posts.</summary>
public enum TwilioCallbackSignature
{
    /// <summary>Signed as Twilio signs: with the Auth Token, over the callback URL and the parameters.</summary>
    Valid,

    /// <summary>No <c>X-Twilio-Signature</c> header.</summary>
    Missing,

    /// <summary>Signed correctly, then a parameter changed (the status says delivered when failed was signed).</summary>
    Tampered,

    /// <summary>Signed with another Auth Token.</summary>
    WrongKey,
}
