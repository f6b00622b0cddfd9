namespace CampaignStudio.Features.Webhooks;

/// <summary>One row of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryInfo(
    long Id,
    string EventId,
    string EventType,
    int? CampaignId,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTime CreatedUtc,
    DateTime? LastAttemptUtc,
    int? LastStatusCode,
    int? LastLatencyMs,
    string? LastError,
    DateTime? NextAttemptUtc,
    DateTime? DeliveredUtc);
