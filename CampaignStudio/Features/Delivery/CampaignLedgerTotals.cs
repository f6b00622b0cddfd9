using CampaignStudio.Data;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// Ledger counts per campaign, channel and status, for the metrics of many campaigns at once. A campaign that is done
/// with (completed, stopped or failed, and no message pending or in flight) is counted from its ledger once and kept in
/// <see cref="CampaignLedgerTotal"/> rows; any other campaign is counted live. Counting and keeping happen under a lock
/// on the campaign's row (MySQL) or the database's write lock (SQLite), and <see cref="MoveAsync"/> — a provider's later
/// report — takes the same lock before it moves a message between statuses, so kept totals never miss a report.
/// </summary>
public static class CampaignLedgerTotals
{
    private const int IdsPerQuery = 1000;
    private static readonly CampaignStatus[] Finished = [CampaignStatus.Completed, CampaignStatus.Stopped, CampaignStatus.Failed];

    /// <summary>The counts of <paramref name="campaignIds"/>: kept ones where there are, counted (and kept, when finished) otherwise.</summary>
    public static async Task<List<LedgerCount>> ReadAsync(AppDbContext db, IReadOnlyCollection<int> campaignIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var result = new List<LedgerCount>();
        foreach (var chunk in campaignIds.Distinct().Chunk(IdsPerQuery))
        {
            var ids = chunk.ToList();
            var kept = await KeptAsync(db, ids, cancellationToken);
            result.AddRange(kept);
            var missing = ids.Except(kept.Select(k => k.CampaignId)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var finished = await db.Campaigns.AsNoTracking().Where(c => missing.Contains(c.Id) && Finished.Contains(c.Status)).Select(c => c.Id).ToListAsync(cancellationToken);
            var live = missing.Except(finished).ToList();
            if (live.Count > 0)
            {
                result.AddRange(await CountAsync(db, live, cancellationToken));
            }

            if (finished.Count > 0)
            {
                result.AddRange(await CountAndKeepAsync(db, finished, nowUtc, cancellationToken));
            }
        }

        return result;
    }

    /// <summary>
    /// Call in the transaction that moves message(s) of <paramref name="campaignId"/> from <paramref name="from"/> to
    /// <paramref name="to"/> on a provider's report, before saving: locks the campaign's totals and moves them along,
    /// if they are kept.
    /// </summary>
    public static async Task MoveAsync(AppDbContext db, int campaignId, Channel channel, DeliveryStatus from, DeliveryStatus to, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await LockAsync(db, [campaignId], cancellationToken);
        var taken = await db.CampaignLedgerTotals.Where(t => t.CampaignId == campaignId && t.Channel == channel && t.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Count, t => t.Count - 1), cancellationToken);
        if (taken == 0)
        {
            return;
        }

        var added = await db.CampaignLedgerTotals.Where(t => t.CampaignId == campaignId && t.Channel == channel && t.Status == to)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Count, t => t.Count + 1), cancellationToken);
        if (added == 0)
        {
            db.CampaignLedgerTotals.Add(new CampaignLedgerTotal(campaignId, channel, to, 1, nowUtc));
        }
    }

    private static async Task<List<LedgerCount>> KeptAsync(AppDbContext db, List<int> ids, CancellationToken cancellationToken) =>
        await db.CampaignLedgerTotals.AsNoTracking().Where(t => ids.Contains(t.CampaignId))
            .Select(t => new LedgerCount(t.CampaignId, t.Channel, t.Status, t.Count))
            .ToListAsync(cancellationToken);

    private static async Task<List<LedgerCount>> CountAsync(AppDbContext db, List<int> ids, CancellationToken cancellationToken) =>
        await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.CampaignId))
            .GroupBy(d => new { d.CampaignId, d.Channel, d.Status })
            .Select(g => new LedgerCount(g.Key.CampaignId, g.Key.Channel, g.Key.Status, g.LongCount()))
            .ToListAsync(cancellationToken);

    private static async Task<List<LedgerCount>> CountAndKeepAsync(AppDbContext db, List<int> ids, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockAsync(db, ids, cancellationToken);
            // Under the lock: another reader may have kept some meanwhile.
            var kept = await KeptAsync(db, ids, cancellationToken);
            var rest = ids.Except(kept.Select(k => k.CampaignId)).ToList();
            var counted = rest.Count == 0 ? [] : await CountAsync(db, rest, cancellationToken);
            foreach (var campaign in counted.GroupBy(c => c.CampaignId))
            {
                // Still settling (a stopped campaign's last messages in flight): counted, not kept.
                if (campaign.Any(c => c.Status is DeliveryStatus.Pending or DeliveryStatus.InFlight))
                {
                    continue;
                }

                db.CampaignLedgerTotals.AddRange(campaign.Select(c => new CampaignLedgerTotal(c.CampaignId, c.Channel, c.Status, c.Count, nowUtc)));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return kept.Concat(counted).ToList();
        });
    }

    /// <summary>MySQL: the campaigns' rows locked until the transaction ends. SQLite's transactions already hold the one write lock.</summary>
    private static async Task LockAsync(AppDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        if (db is not MySqlAppDbContext)
        {
            return;
        }

        var sql = "SELECT `Id` FROM `Campaigns` WHERE `Id` IN (" + string.Join(",", ids) + ") FOR UPDATE";
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
