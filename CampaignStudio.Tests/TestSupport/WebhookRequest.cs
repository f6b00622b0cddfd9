namespace CampaignStudio.Tests.TestSupport;

/// <summary>A webhook POST as <see cref="WebhookReceiver"/> received it, and what it answered.</summary>
public sealed record WebhookRequest(string Path, string Body, string? Signature, string? EventId, string? EventType, string? ContentType, DateTimeOffset ArrivedAt, int AnsweredStatus);
