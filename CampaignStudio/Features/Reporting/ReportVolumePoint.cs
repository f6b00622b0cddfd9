namespace CampaignStudio.Features.Reporting;

/// <summary>One day of a report's volume: the figures of the campaigns that started sending that day.</summary>
public sealed record ReportVolumePoint(DateOnly Day, long Sent, long UniqueOpens, long UniqueClicks, long Conversions);
