using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Dashboard;

/// <summary>
/// What the dashboard shows, read in the database by status and time with the campaign indexes (never by loading
/// campaigns): the next scheduled (<c>Status, ScheduledForUtc</c>), the ones sending or paused (the same index), the
/// recently finished (<c>CompletedUtc</c>) and the ones that started sending in a period (<c>StartedUtc</c>). Figures come
/// from <see cref="ICampaignMetrics"/> in one call per read, progress from <see cref="CampaignProgressService"/>.
/// Needs <see cref="Policies.Read"/>.
/// </summary>
public sealed class DashboardService(
    IDbContextFactory<AppDbContext> contexts,
    CurrentUser currentUser,
    TimeProvider clock,
    ICampaignMetrics metrics,
    CampaignProgressService progress)
{
    /// <summary>How many campaigns each list shows.</summary>
    public const int ListSize = 5;

    /// <summary>How many sending campaigns the in-progress list shows.</summary>
    public const int InProgressSize = 10;

    private static readonly CampaignStatus[] Live = [CampaignStatus.Sending, CampaignStatus.Paused];

    public async Task<DashboardLists> ListsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking();

        var scheduled = campaigns.Where(c => c.Status == CampaignStatus.Scheduled);
        var next = await Project(scheduled.OrderBy(c => c.ScheduledForUtc).ThenBy(c => c.Id).Take(ListSize)).ToListAsync(cancellationToken);
        var scheduledCount = next.Count < ListSize ? next.Count : await scheduled.CountAsync(cancellationToken);

        var live = campaigns.Where(c => Live.Contains(c.Status));
        var sending = await Project(live.OrderBy(c => c.StartedUtc).ThenBy(c => c.Id).Take(InProgressSize)).ToListAsync(cancellationToken);
        var sendingCount = sending.Count < InProgressSize ? sending.Count : await live.CountAsync(cancellationToken);

        // Finished campaigns that had started: completed, stopped, or failed part-way (newest first, backwards along CompletedUtc).
        var recent = await Project(campaigns
                .Where(c => c.CompletedUtc != null && c.StartedUtc != null)
                .OrderByDescending(c => c.CompletedUtc).ThenByDescending(c => c.Id)
                .Take(ListSize))
            .ToListAsync(cancellationToken);

        // Waiting for approval, for those who can approve (the status index; longest waiting first).
        IReadOnlyList<AwaitingApprovalCampaign> awaiting = [];
        var awaitingCount = 0;
        if (await currentUser.IsAllowedAsync(Policies.ApproveCampaigns))
        {
            var pending = campaigns.Where(c => c.Status == CampaignStatus.PendingApproval && c.ArchivedUtc == null);
            awaiting = await pending.OrderBy(c => c.ApprovalRequestedUtc).ThenBy(c => c.Id).Take(ListSize)
                .Select(c => new AwaitingApprovalCampaign(c.Id, c.Name, c.Channels, c.ScheduledForUtc, c.EstimatedAudience, c.ApprovalRequestedByName, c.ApprovalRequestedUtc))
                .ToListAsync(cancellationToken);
            awaitingCount = awaiting.Count < ListSize ? awaiting.Count : await pending.CountAsync(cancellationToken);
        }

        var summaries = await progress.SummariesAsync([.. sending.Select(c => c.Id)], cancellationToken);
        var totals = recent.Count == 0 ? new Dictionary<int, ChannelMetrics>() : await metrics.TotalsAsync([.. recent.Select(c => c.Id)], cancellationToken);
        return new DashboardLists(
            next,
            scheduledCount,
            [.. sending.Select(c => new InProgressCampaign(c, summaries.TryGetValue(c.Id, out var s) && s.Counts.Total > 0 ? s : null))],
            sendingCount,
            [.. recent.Select(c => new RecentCampaign(c, totals.GetValueOrDefault(c.Id)))],
            now)
        {
            AwaitingApproval = awaiting,
            AwaitingApprovalCount = awaitingCount,
        };
    }

    /// <summary>The KPIs of the campaigns that started sending in <paramref name="period"/>, against the period before it.</summary>
    public async Task<DashboardKpis> KpisAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        var previous = period.Previous;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var started = await db.Campaigns.AsNoTracking()
            .Where(c => c.StartedUtc >= previous.FromUtc && c.StartedUtc < period.ToUtc)
            .Select(c => new { c.Id, StartedUtc = c.StartedUtc!.Value })
            .ToListAsync(cancellationToken);
        var figures = started.Count == 0 ? new Dictionary<int, ChannelMetrics>() : await metrics.TotalsAsync([.. started.Select(c => c.Id)], cancellationToken);

        var current = started.Where(c => period.Contains(c.StartedUtc)).ToList();
        var before = started.Where(c => previous.Contains(c.StartedUtc)).ToList();
        var byDay = current.ToLookup(c => period.DayOf(c.StartedUtc));
        var trend = period.EachDay()
            .Select(day =>
            {
                var sum = MetricsTotals.Of(byDay[day].Select(c => FiguresOf(figures, c.Id)));
                return new KpiTrendPoint(day, sum.Campaigns, sum.Sent, sum.UniqueOpens, sum.UniqueClicks, sum.Conversions);
            })
            .ToList();
        return new DashboardKpis(
            period,
            MetricsTotals.Of(current.Select(c => FiguresOf(figures, c.Id))),
            MetricsTotals.Of(before.Select(c => FiguresOf(figures, c.Id))),
            trend);
    }

    private static ChannelMetrics FiguresOf(IReadOnlyDictionary<int, ChannelMetrics> figures, int campaignId) =>
        figures.GetValueOrDefault(campaignId) ?? ChannelMetrics.Empty(null);

    private static IQueryable<DashboardCampaign> Project(IQueryable<Campaign> campaigns) =>
        campaigns.Select(c => new DashboardCampaign(c.Id, c.Name, c.Status, c.Channels, c.ScheduledForUtc, c.StartedUtc, c.CompletedUtc, c.EstimatedAudience));
}
