using CampaignStudio.Features.Campaigns.Metrics;

namespace CampaignStudio.Features.Dashboard;

/// <summary>A campaign that finished sending, with its figures (null while tracking has none).</summary>
public sealed record RecentCampaign(DashboardCampaign Campaign, ChannelMetrics? Metrics);
