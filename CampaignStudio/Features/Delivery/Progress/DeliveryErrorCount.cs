namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// One error text of a campaign's failed, undelivered or retrying messages, how many carry it (<paramref name="Retrying"/>
/// of them still pending a retry), and when it was last recorded.
/// </summary>
public sealed record DeliveryErrorCount(string Error, int Count, int Retrying, DateTime LastUtc);
