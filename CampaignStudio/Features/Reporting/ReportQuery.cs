using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Reporting;

/// <summary>
/// Which campaigns a report compares: those that started sending in <see cref="Period"/>, optionally only one channel's
/// (its figures only), one creator's, or those that include one segment; added up by <see cref="GroupBy"/>.
/// </summary>
public sealed record ReportQuery(ReportingPeriod Period)
{
    public Channel? Channel { get; init; }

    public string? CreatedById { get; init; }

    public int? SegmentId { get; init; }

    public ReportGrouping GroupBy { get; init; }
}
