namespace CampaignStudio.Features.Webhooks;

/// <summary>A page of an endpoint's deliveries, newest first, and how many there are in all.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryInfo> Items, int Total);
