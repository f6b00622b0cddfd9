namespace CampaignStudio.Features.Reporting;

/// <summary>
/// A report: its campaigns (newest first; at most <see cref="ReportService.MaxCampaigns"/>, <see cref="Truncated"/> when
/// there were more), the groups asked for, the total and the volume day by day.
/// </summary>
public sealed record CampaignReport(
    ReportQuery Query,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ReportGroup> Groups,
    MetricsTotals Total,
    IReadOnlyList<ReportVolumePoint> Volume,
    bool Truncated);
