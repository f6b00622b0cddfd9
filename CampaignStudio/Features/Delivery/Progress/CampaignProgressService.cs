using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Reads how a campaign's sending is going, straight from the ledger and without loading rows: the counts come from one
/// GROUP BY that the <c>IX_Deliveries_Progress</c> index covers, the rate from the rows sent in the last
/// <see cref="RateWindow"/> (<c>IX_Deliveries_SendRate</c>), and the errors from a GROUP BY over the failed,
/// undelivered and retrying rows only. Cheap enough to run on every change an open page hears of.
/// </summary>
public sealed class CampaignProgressService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>The current rate is the messages sent over this long, per second.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>How many distinct error texts <see cref="GetAsync"/> returns, most frequent first.</summary>
    public const int MaxErrors = 5;

    public async Task<CampaignProgress> GetAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking()
            .Where(c => c.Id == campaignId)
            .Select(c => new { c.Status, c.PauseReason, c.FailureReason, c.StartedUtc, c.CompletedUtc })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"There is no campaign {campaignId}.");

        var groups = await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId)
            .GroupBy(d => new { d.Channel, d.Status, d.SkipReason })
            .Select(g => new
            {
                g.Key.Channel,
                g.Key.Status,
                g.Key.SkipReason,
                Count = g.Count(),
                NotDueYet = g.Count(d => d.DueUtc > now),
                Retried = g.Count(d => d.Attempts > 0),
                Lapses = g.Sum(d => d.LeaseLapses),
                NextDueUtc = g.Where(d => d.DueUtc > now).Min(d => (DateTime?)d.DueUtc),
            })
            .ToListAsync(cancellationToken);

        var window = WindowFor(campaign.StartedUtc, now);
        var since = now - window;
        var sentLately = await db.Deliveries.AsNoTracking()
            .Where(d => d.CampaignId == campaignId && d.SentUtc >= since)
            .GroupBy(d => d.Channel)
            .Select(g => new { Channel = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Channel, g => g.Count, cancellationToken);

        var errors = await db.Deliveries.AsNoTracking()
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
                var counts = c.Aggregate(DeliveryCounts.None, (sum, g) => sum + DeliveryCounts.Of(g.Status, g.Count, g.NotDueYet, g.Retried));
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
        var nextDue = groups.Where(g => g.Status == DeliveryStatus.Pending).Select(g => g.NextDueUtc).Min();

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
            groups.Sum(g => g.Lapses),
            nextDue,
            now);
    }

    /// <summary>State, counts and rate of several campaigns at once (the campaign list), in three grouped queries.</summary>
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
            .Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count(), NotDueYet = g.Count(d => d.DueUtc > now) })
            .ToListAsync(cancellationToken);
        var sentLately = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.CampaignId) && d.SentUtc >= since)
            .GroupBy(d => d.CampaignId)
            .Select(g => new { CampaignId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CampaignId, g => g.Count, cancellationToken);

        return campaigns.ToDictionary(
            c => c.Id,
            c => new CampaignProgressSummary(
                c.Id,
                c.Status,
                groups.Where(g => g.CampaignId == c.Id).Aggregate(DeliveryCounts.None, (sum, g) => sum + DeliveryCounts.Of(g.Status, g.Count, g.NotDueYet)),
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
