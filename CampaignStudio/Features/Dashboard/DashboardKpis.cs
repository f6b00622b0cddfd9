using CampaignStudio.Features.Reporting;

namespace CampaignStudio.Features.Dashboard;

/// <summary>
/// The KPI cards: the figures of the campaigns that started sending in <see cref="Period"/>, the same for the period of
/// equal length before it, and a day-by-day trend over the period.
/// </summary>
public sealed record DashboardKpis(ReportingPeriod Period, MetricsTotals Current, MetricsTotals Previous, IReadOnlyList<KpiTrendPoint> Trend);
