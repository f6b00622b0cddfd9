namespace CampaignStudio.Features.Reporting;

/// <summary>One group of a report (a channel, a creator or a segment) and its campaigns' figures added up.</summary>
public sealed record ReportGroup(string Key, string Label, MetricsTotals Totals);
