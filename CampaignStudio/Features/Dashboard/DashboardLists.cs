namespace CampaignStudio.Features.Dashboard;

/// <summary>
/// The dashboard's three lists as of <see cref="AsOfUtc"/>: the next scheduled campaigns (soonest first), those sending
/// or paused (with how many there are in all, the list holding the longest running), and those that finished last;
/// for people who approve campaigns, also those waiting for approval (longest waiting first).
/// </summary>
public sealed record DashboardLists(
    IReadOnlyList<DashboardCampaign> NextScheduled,
    int ScheduledCount,
    IReadOnlyList<InProgressCampaign> InProgress,
    int InProgressCount,
    IReadOnlyList<RecentCampaign> RecentlySent,
    DateTime AsOfUtc)
{
    /// <summary>Campaigns waiting for approval, longest waiting first; empty for people who do not approve.</summary>
    public IReadOnlyList<AwaitingApprovalCampaign> AwaitingApproval { get; init; } = [];

    public int AwaitingApprovalCount { get; init; }
}
