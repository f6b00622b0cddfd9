using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Reads how a campaign's sending is going, straight from the ledger and without loading rows: the counts come from one
/// GROUP BY that the <c>IX_Deliveries_Progress</c> index covers (read in its order), the rows not due yet from a short
/// range of the claim index, the rate from the rows sent in the last <see cref="RateWindow"/>
/// (<c>IX_Deliveries_SendRate</c>), and the errors from a GROUP BY over the failed, undelivered and retrying rows only.
/// Pages asking for the same campaign at once share reads. See benchmarks/README.md for the cost at a million rows.
/// </summary>
public sealed class CampaignProgressService
{
    /// <summary>The current rate is the messages sent over this long, per second.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>How many distinct error texts <see cref="GetAsync"/> returns, most frequent first.</summary>
    public const int MaxErrors = 5;

    private static readonly Channel[] AllChannels = Enum.GetValues<Channel>();

    private readonly IDbContextFactory<AppDbContext> contexts;
    private readonly TimeProvider clock;
    private readonly CoalescedReads<int, CampaignProgress> reads;

    public CampaignProgressService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
    {
        this.contexts = contexts;
        this.clock = clock;
        reads = new CoalescedReads<int, CampaignProgress>(id => ReadAsync(id, CancellationToken.None));
    }

    /// <summary>
    /// The campaign's progress as of a read that started after this call. Pages that ask for the same campaign at the
    /// same time share reads (see <see cref="CoalescedReads{TKey, TValue}"/>), so ten managers watching one campaign
    /// cost the database what one does.
    /// </summary>
    public Task<CampaignProgress> GetAsync(int campaignId, CancellationToken cancellationToken = default) => reads.ReadAsync(campaignId, cancellationToken);

    private async Task<CampaignProgress> ReadAsync(int campaignId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking()
            .Where(c => c.Id == campaignId)
            .Select(c => new { c.Status, c.PauseReason, c.FailureReason, c.StartedUtc, c.CompletedUtc })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"There is no campaign {campaignId}.");

        // Plain counts grouped in the order of IX_Deliveries_Progress's columns: the database counts while it walks the
        // index, as fast as a bare COUNT(*) of the campaign (conditional counts or another order cost two to three
        // times that at a million rows on MariaDB). The few groups are folded here.
        var groups = await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId)
            .GroupBy(d => new { d.Status, d.Attempts, d.Channel, d.SkipReason, d.LeaseLapses })
            .Select(g => new { g.Key.Status, g.Key.Attempts, g.Key.Channel, g.Key.SkipReason, g.Key.LeaseLapses, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // Pending rows not due yet, per channel: a short range of the claim index (CampaignId, Channel, Status, DueUtc).
        var notDue = !groups.Any(g => g.Status == DeliveryStatus.Pending) ? [] : await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId && AllChannels.Contains(d.Channel) && d.Status == DeliveryStatus.Pending && d.DueUtc > now)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Count = g.Count(), NextDueUtc = g.Min(d => d.DueUtc) })
            .ToListAsync(cancellationToken);

        var window = WindowFor(campaign.StartedUtc, now);
        var since = now - window;
        // Bounded on both sides, so SQLite's planner also takes the range of IX_Deliveries_SendRate over walking the campaign.
        var sentLately = await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId && d.SentUtc >= since && d.SentUtc <= now)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Channel, g => g.Count, cancellationToken);

        // Only rows that can carry an error are read (a range of the same index each), and only when there are any.
        var mayHaveErrors = groups.Any(g => g.Status is DeliveryStatus.Failed or DeliveryStatus.Undelivered || (g.Status == DeliveryStatus.Pending && g.Attempts > 0));
        var errors = !mayHaveErrors ? [] : await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId && d.Error != null
                && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Undelivered || (d.Status == DeliveryStatus.Pending && d.Attempts > 0)))
            .GroupBy(d => d.Error!)
            .Select(g => new { Error = g.Key, Count = g.Count(), Retrying = g.Count(d => d.Status == DeliveryStatus.Pending), LastUtc = g.Max(d => d.UpdatedUtc) })
            .OrderByDescending(e => e.Count).ThenByDescending(e => e.LastUtc)
            .Take(MaxErrors)
            .ToListAsync(cancellationToken);

        var sending = campaign.Status == CampaignStatus.Sending;
        var channels = groups
            .GroupBy(g => g.Channel)
            .OrderBy(c => c.Key)
            .Select(c =>
            {
                var counts = c.Aggregate(DeliveryCounts.None, (sum, g) => sum + DeliveryCounts.Of(g.Status, g.Count, retried: g.Attempts > 0 ? g.Count : 0));
                var later = notDue.Where(n => n.Channel == c.Key).Sum(n => n.Count);
                counts = counts with { Queued = counts.Queued - later, Waiting = counts.Waiting + later };
                var rate = sentLately.GetValueOrDefault(c.Key) / window.TotalSeconds;
                return new ChannelProgress(c.Key, counts, rate, sending ? Eta(counts, rate) : null);
            })
            .ToList();
        var totals = channels.Aggregate(DeliveryCounts.None, (sum, c) => sum + c.Counts);
        var skipReasons = groups
            .Where(g => g is { Status: DeliveryStatus.Skipped, SkipReason: not null })
            .GroupBy(g => g.SkipReason!.Value)
            .Select(r => new SkipReasonCount(r.Key, r.Sum(g => g.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason)
            .ToList();
        var etas = channels.Where(c => c.Counts.Queued + c.Counts.InFlight > 0).Select(c => c.Eta).ToList();
        var nextDue = notDue.Count == 0 ? (DateTime?)null : notDue.Min(n => n.NextDueUtc);

        return new CampaignProgress(
            campaignId,
            campaign.Status,
            campaign.PauseReason,
            campaign.FailureReason,
            campaign.StartedUtc,
            campaign.CompletedUtc,
            totals,
            channels,
            skipReasons,
            sentLately.Values.Sum() / window.TotalSeconds,
            !sending ? null : etas.Count == 0 ? TimeSpan.Zero : etas.Any(e => e is null) ? null : etas.Max(),
            [.. errors.Select(e => new DeliveryErrorCount(e.Error, e.Count, e.Retrying, e.LastUtc))],
            groups.Sum(g => g.LeaseLapses * g.Count),
            nextDue,
            now);
    }

    /// <summary>
    /// State, counts and rate of several campaigns at once (the campaign list), in three grouped queries. Pending rows
    /// are all counted as queued here (the list does not tell due now from due later).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, CampaignProgressSummary>> SummariesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default)
    {
        if (campaignIds.Count == 0)
        {
            return new Dictionary<int, CampaignProgressSummary>();
        }

        var ids = campaignIds.Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - RateWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Status, c.StartedUtc })
            .ToListAsync(cancellationToken);
        var groups = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.CampaignId))
            .GroupBy(d => new { d.CampaignId, d.Status })
            .Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var sentLately = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.CampaignId) && d.SentUtc >= since && d.SentUtc <= now)
            .GroupBy(d => d.CampaignId)
            .Select(g => new { CampaignId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CampaignId, g => g.Count, cancellationToken);

        return campaigns.ToDictionary(
            c => c.Id,
            c => new CampaignProgressSummary(
                c.Id,
                c.Status,
                groups.Where(g => g.CampaignId == c.Id).Aggregate(DeliveryCounts.None, (sum, g) => sum + DeliveryCounts.Of(g.Status, g.Count)),
                sentLately.GetValueOrDefault(c.Id) / WindowFor(c.StartedUtc, now).TotalSeconds));
    }

    /// <summary>The rate window: <see cref="RateWindow"/>, or the time since sending started when that is shorter (at least a second).</summary>
    private static TimeSpan WindowFor(DateTime? startedUtc, DateTime now)
    {
        var sinceStart = startedUtc is { } started ? now - started : RateWindow;
        return sinceStart < RateWindow ? (sinceStart < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : sinceStart) : RateWindow;
    }

    /// <summary>How long the messages due now (queued and in flight) take at <paramref name="rate"/>; null while nothing is being sent.</summary>
    private static TimeSpan? Eta(DeliveryCounts counts, double rate)
    {
        var due = counts.Queued + counts.InFlight;
        return due == 0 ? TimeSpan.Zero : rate <= 0 ? null : TimeSpan.FromSeconds(Math.Ceiling(due / rate));
    }
}
