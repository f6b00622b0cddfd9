namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// A provider's answer for one message. A refusal is a result, not an exception: channels return one result per message
/// they were given, in any order, matched by <see cref="DeliveryId"/>.
/// </summary>
public sealed record SendResult(long DeliveryId, SendOutcome Outcome)
{
    /// <summary>The provider's id for the message (SMTP queue id or Message-ID, Twilio SID, FCM name).</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The provider's reason for a failure, in its words (status code and message).</summary>
    public string? Error { get; init; }

    /// <summary>How long the provider asked to wait before trying again (Retry-After), for a transient failure.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Push tokens the provider reported as no longer registered; the engine removes them from the contact.</summary>
    public IReadOnlyList<string> InvalidTokens { get; init; } = [];

    public static SendResult Accepted(long deliveryId, string? providerMessageId) => new(deliveryId, SendOutcome.Accepted) { ProviderMessageId = providerMessageId };

    public static SendResult Transient(long deliveryId, string error, TimeSpan? retryAfter = null) => new(deliveryId, SendOutcome.Transient) { Error = error, RetryAfter = retryAfter };

    public static SendResult Permanent(long deliveryId, string error) => new(deliveryId, SendOutcome.Permanent) { Error = error };

    public static SendResult InvalidRecipient(long deliveryId, string error) => new(deliveryId, SendOutcome.InvalidRecipient) { Error = error };
}
