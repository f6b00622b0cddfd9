namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// Something that happened, for the endpoints subscribed to its <see cref="Type"/> (<see cref="WebhookEventTypes"/>).
/// <see cref="Data"/> becomes the payload's <c>data</c> (values that System.Text.Json serialises). <see cref="Id"/> is
/// the event id receivers use for idempotency: publishing an event with the same id again is ignored for an endpoint
/// that already has it.
/// </summary>
public sealed record WebhookEvent(string Type, DateTime OccurredUtc, IReadOnlyDictionary<string, object?> Data)
{
    public const int MaxIdLength = 64;

    /// <summary>A new id unless the caller has a natural one (e.g. <c>evt_open_123</c> for the tracking hit 123).</summary>
    public string Id { get; init; } = NewId();

    /// <summary>The campaign it is about, if any (shown in the delivery log).</summary>
    public int? CampaignId { get; init; }

    public static string NewId() => "evt_" + Guid.NewGuid().ToString("N");
}
