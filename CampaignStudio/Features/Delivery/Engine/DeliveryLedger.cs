using System.Data;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Claims ledger rows for this instance's workers. Only rows of campaigns that are sending now are claimed, so a pause
/// stops new claims at once. On MySQL the due rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so several instances
/// claim disjoint batches without waiting on each other; on SQLite (one writer anyway) claims in this process take
/// turns. Either way a claim is saved with a fresh <see cref="DeliveryRecord.ClaimToken"/> (a concurrency token), so
/// two claimers can never both own a row. Rows whose lease ran out (their worker died) are claimed again first. A MySQL
/// claim that runs into another claimer's locks (a deadlock, which InnoDB settles by rolling one claim back whole) is
/// tried again after a short random pause.
/// </summary>
public sealed partial class DeliveryLedger(
    IDbContextFactory<AppDbContext> contexts,
    IOptions<DeliveryOptions> options,
    InstanceIdentity instance,
    TimeProvider clock,
    ILogger<DeliveryLedger> logger)
{
    /// <summary>How often one claim is tried when it keeps running into locks; after that, the worker's failure handling takes over.</summary>
    public const int MaxClaimAttempts = 4;

    private static readonly SemaphoreSlim SingleWriter = new(1, 1);
    private int rotation;

    /// <summary>A batch of due rows on <paramref name="channel"/> from one sending campaign, or null when there is none.</summary>
    public async Task<ClaimedBatch?> ClaimAsync(Channel channel, int maxRows, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var flag = channel.ToFlag();
            var sending = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Sending && (c.Channels & flag) != 0)
                .OrderBy(c => c.Id)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);

            // Take turns between campaigns sending at the same time.
            var start = sending.Count == 0 ? 0 : (int)((uint)Interlocked.Increment(ref rotation) % (uint)sending.Count);
            for (var i = 0; i < sending.Count; i++)
            {
                var campaignId = sending[(start + i) % sending.Count];
                var rows = db.Database.IsMySql()
                    ? await ClaimOnMySqlAsync(db, campaignId, channel, maxRows, cancellationToken)
                    : await ClaimOneWriterAsync(db, campaignId, channel, maxRows, cancellationToken);
                if (rows.Count > 0)
                {
                    return new ClaimedBatch(db, campaignId, channel, rows);
                }
            }
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        await db.DisposeAsync();
        return null;
    }

    private async Task<List<DeliveryRecord>> ClaimOnMySqlAsync(AppDbContext db, int campaignId, Channel channel, int maxRows, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryClaimOnMySqlAsync(db, campaignId, channel, maxRows, cancellationToken);
            }
            catch (Exception e) when (LockConflict.Is(e) && attempt < MaxClaimAttempts)
            {
                // Rolled back whole: nothing was claimed, and nothing of it is tracked any more.
                db.ChangeTracker.Clear();
                LogClaimConflict(channel, campaignId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), cancellationToken);
            }
        }
    }

    private async Task<List<DeliveryRecord>> TryClaimOnMySqlAsync(AppDbContext db, int campaignId, Channel channel, int maxRows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // READ COMMITTED: locking reads lock only the rows they return. Under InnoDB's default REPEATABLE READ they also
        // lock the gaps of the index ranges they scan, where another claimer's status change inserts its index entries:
        // two claimers at once deadlocked.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var lapsed = await db.Database.SqlQuery<long>($"""
            SELECT `Id` AS `Value` FROM `Deliveries`
            WHERE `CampaignId` = {campaignId} AND `Channel` = {(int)channel} AND `Status` = {(int)DeliveryStatus.InFlight} AND `LeaseUntilUtc` < {now}
            LIMIT {maxRows} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        var due = lapsed.Count >= maxRows ? [] : await db.Database.SqlQuery<long>($"""
            SELECT `Id` AS `Value` FROM `Deliveries`
            WHERE `CampaignId` = {campaignId} AND `Channel` = {(int)channel} AND `Status` = {(int)DeliveryStatus.Pending} AND `DueUtc` <= {now}
            ORDER BY `DueUtc`, `Id` LIMIT {maxRows - lapsed.Count} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        var ids = lapsed.Concat(due).ToList();
        if (ids.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return [];
        }

        var rows = await ClaimLockedRowsAsync(db, lapsed, ids, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// The claim of <see cref="DeliveryRecord.Claim"/> for rows this transaction has locked, made by two set-based UPDATEs
    /// (lapsed leases counted, then every row in flight under a new token) instead of one UPDATE per row; the claimed rows
    /// are then read back, tracked, by their token.
    /// </summary>
    private async Task<List<DeliveryRecord>> ClaimLockedRowsAsync(AppDbContext db, List<long> lapsed, List<long> ids, DateTime now, CancellationToken cancellationToken)
    {
        var token = (Guid?)Guid.NewGuid();
        var leaseUntil = (DateTime?)(now + options.Value.Lease);
        var claimer = DeliveryRecord.ClaimerName(instance.Name);
        if (lapsed.Count > 0)
        {
            await db.Deliveries.Where(d => EF.Constant(lapsed).Contains(d.Id) && d.Status == DeliveryStatus.InFlight)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseLapses, d => d.LeaseLapses + 1), cancellationToken);
        }

        // The ids as a literal list: the UPDATE then looks the rows up by primary key and locks only them (a list passed
        // as one JSON parameter would be scanned, locking rows other workers hold).
        await db.Deliveries.Where(d => EF.Constant(ids).Contains(d.Id) && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.InFlight))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.InFlight)
                    .SetProperty(d => d.ClaimToken, token)
                    .SetProperty(d => d.ClaimedBy, claimer)
                    .SetProperty(d => d.LeaseUntilUtc, leaseUntil)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.UpdatedUtc, now),
                cancellationToken);
        return await db.Deliveries.Where(d => ids.Contains(d.Id) && d.ClaimToken == token).OrderBy(d => d.DueUtc).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    private async Task<List<DeliveryRecord>> ClaimOneWriterAsync(AppDbContext db, int campaignId, Channel channel, int maxRows, CancellationToken cancellationToken)
    {
        await SingleWriter.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var lapsed = await db.Deliveries.AsNoTracking()
                .Where(d => d.CampaignId == campaignId && d.Channel == channel && d.Status == DeliveryStatus.InFlight && d.LeaseUntilUtc < now)
                .Select(d => d.Id).Take(maxRows).ToListAsync(cancellationToken);
            var due = lapsed.Count >= maxRows ? [] : await db.Deliveries.AsNoTracking()
                .Where(d => d.CampaignId == campaignId && d.Channel == channel && d.Status == DeliveryStatus.Pending && d.DueUtc <= now)
                .OrderBy(d => d.DueUtc).ThenBy(d => d.Id).Select(d => d.Id).Take(maxRows - lapsed.Count).ToListAsync(cancellationToken);
            var ids = lapsed.Concat(due).ToList();
            if (ids.Count == 0)
            {
                return [];
            }

            try
            {
                return await ClaimRowsAsync(db, ids, now, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another process on the same file claimed some of them first; try again on the next round.
                db.ChangeTracker.Clear();
                return [];
            }
        }
        finally
        {
            SingleWriter.Release();
        }
    }

    private async Task<List<DeliveryRecord>> ClaimRowsAsync(AppDbContext db, List<long> ids, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Deliveries.Where(d => ids.Contains(d.Id)).OrderBy(d => d.DueUtc).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var token = Guid.NewGuid();
        var leaseUntil = now + options.Value.Lease;
        foreach (var row in rows)
        {
            row.Claim(token, instance.Name, leaseUntil, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A claim of {Channel} rows of campaign {CampaignId} ran into another claimer's locks and was rolled back (attempt {Attempt}); trying again.")]
    private partial void LogClaimConflict(Channel channel, int campaignId, int attempt);
}
