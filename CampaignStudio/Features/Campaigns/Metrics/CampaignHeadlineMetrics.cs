namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>What the history page shows of a campaign's performance: messages sent, open rate and click rate (0–1).</summary>
public sealed record CampaignHeadlineMetrics(long Sent, double? OpenRate, double? ClickRate);
