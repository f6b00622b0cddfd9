namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>One hour (UTC, start of the hour) of a campaign's time series.</summary>
public sealed record MetricsPoint(DateTime HourUtc, long Sent, long UniqueOpens, long UniqueClicks, long Conversions, long Unsubscribes);
