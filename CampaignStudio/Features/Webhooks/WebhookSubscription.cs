namespace CampaignStudio.Features.Webhooks;

/// <summary>An active endpoint and the event types it takes (comma-separated, as stored).</summary>
public sealed record WebhookSubscription(int EndpointId, string EventTypes);
