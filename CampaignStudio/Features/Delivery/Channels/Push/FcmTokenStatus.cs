namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>What FCM said about sending to one device token.</summary>
public enum FcmTokenStatus
{
    /// <summary>FCM took it and named the message.</summary>
    Accepted = 1,

    /// <summary>The token is dead (unregistered, not a valid token, or another sender's): stop using it.</summary>
    Dead = 2,

    /// <summary>Not now: quota, unavailable, timed out, or an account problem worth a retry.</summary>
    Transient = 3,

    /// <summary>Refused for good (the message itself is invalid, e.g. too big).</summary>
    Permanent = 4,
}
