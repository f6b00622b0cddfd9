namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>What a provider said about one message.</summary>
public enum SendOutcome
{
    /// <summary>The provider took the message (it has an id for it).</summary>
    Accepted = 1,

    /// <summary>Not now: rate limited, unavailable, timed out. Try again later (after <see cref="SendResult.RetryAfter"/> when given).</summary>
    Transient = 2,

    /// <summary>Refused for good (bad content, account problem): do not retry.</summary>
    Permanent = 3,

    /// <summary>The address itself is dead (no such mailbox, unregistered device token): do not retry, and stop using it.</summary>
    InvalidRecipient = 4,
}
