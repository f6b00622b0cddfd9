namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>
/// Everything measured about one campaign: its totals, each channel's figures, each tracked link's clicks and an hourly
/// time series. <see cref="AsOfUtc"/> is when the figures were read.
/// </summary>
public sealed record CampaignMetrics(
    int CampaignId,
    DateTime AsOfUtc,
    ChannelMetrics Total,
    IReadOnlyList<ChannelMetrics> ByChannel,
    IReadOnlyList<LinkClicks> Links,
    IReadOnlyList<MetricsPoint> Series);
