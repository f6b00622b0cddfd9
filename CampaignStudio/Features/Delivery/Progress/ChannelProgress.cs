using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>One channel of a campaign: its counts, messages sent per second lately, and when what is due should be out.</summary>
public sealed record ChannelProgress(Channel Channel, DeliveryCounts Counts, double RatePerSecond, TimeSpan? Eta);
