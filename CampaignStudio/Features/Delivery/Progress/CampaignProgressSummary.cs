using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>What the campaign list shows of a campaign's sending: its state, how far it got, and its current rate.</summary>
public sealed record CampaignProgressSummary(int CampaignId, CampaignStatus Status, DeliveryCounts Counts, double RatePerSecond);
