namespace CampaignStudio.Features.Webhooks;

/// <summary>One try of a delivery, for the log's detail.</summary>
public sealed record WebhookAttemptInfo(int Number, DateTime AttemptedUtc, int? StatusCode, int LatencyMs, string? Error, int? RetryAfterSeconds, DateTime? NextAttemptUtc);
