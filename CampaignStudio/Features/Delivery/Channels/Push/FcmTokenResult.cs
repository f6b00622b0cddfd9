namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>FCM's answer for one device token of a push message.</summary>
public sealed record FcmTokenResult(string Token, FcmTokenStatus Status)
{
    /// <summary>FCM's message name (<c>projects/{id}/messages/{id}</c>) when accepted.</summary>
    public string? Name { get; init; }

    /// <summary>FCM's reason for a failure: HTTP status, error code and message.</summary>
    public string? Error { get; init; }

    public TimeSpan? RetryAfter { get; init; }
}
