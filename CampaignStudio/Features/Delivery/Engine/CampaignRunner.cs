using System.Data;
using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// The engine's side of a campaign's lifecycle: start (freeze the audience into the ledger in the same transaction as
/// Scheduled → Sending, so either both happen or neither), wait for confirmation when the start is too late, complete
/// when no row is pending or in flight, pause by itself when too many sends fail, fail with a reason, and cancel what a
/// stop left. Every transition goes through the campaign entity and its revision, so two instances cannot both do it;
/// people hear about each through <see cref="ICampaignNotifier"/> (once each, by key).
/// </summary>
public sealed partial class CampaignRunner(
    IDbContextFactory<AppDbContext> contexts,
    AudienceMaterializer materializer,
    SendPlanCache plans,
    ErrorRateMonitor errors,
    ICampaignNotifier notifier,
    IWebhookPublisher webhooks,
    IDeliveryProgress progress,
    DeliveryWakeup wakeup,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<CampaignRunner> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Starts a due campaign; returns how many ledger rows it wrote (0 when it did not start).</summary>
    public async Task<int> StartAsync(int campaignId, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = db.Database.IsMySql()
            ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            : await db.Database.BeginTransactionAsync(cancellationToken);
        var campaign = await db.Campaigns.Include(c => c.Segments).FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is not { Status: CampaignStatus.Scheduled, AwaitingConfirmationSinceUtc: null } || campaign.ScheduledForUtc > now)
        {
            return 0;
        }

        if (campaign.IsLateBeyond(options.Value.Grace, now))
        {
            campaign.MarkMissed(now);
            if (!await TrySaveAsync(db, cancellationToken))
            {
                return 0;
            }

            await transaction.CommitAsync(cancellationToken);
            LogMissed(campaign.Id, campaign.ScheduledForUtc!.Value);
            await NotifyAsync(campaign, NotificationKind.NeedsConfirmation, "missed", $"{campaign.Name} missed its send time", $"It was due at {CampaignSchedule.FormatUtc(campaign.ScheduledForUtc!.Value)} while CampaignStudio was not running, more than {options.Value.GraceMinutes.ToString(CultureInfo.InvariantCulture)} minutes ago. It waits: start it now, or give it a new time.");
            progress.Changed(campaign.Id);
            return 0;
        }

        int rows;
        try
        {
            campaign.MarkSending(now);
            await StageWebhookAsync(db, campaign, CampaignStatus.Scheduled, cancellationToken);
            if (!await TrySaveAsync(db, cancellationToken))
            {
                return 0;
            }

            rows = await materializer.MaterializeAsync(db, campaign, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (CampaignCannotStartException e)
        {
            await transaction.RollbackAsync(cancellationToken);
            await FailAsync(campaignId, e.Message, cancellationToken);
            return 0;
        }

        LogStarted(campaign.Id, rows);
        await NotifyAsync(campaign, NotificationKind.Started, "started", $"{campaign.Name} started sending", $"{rows.ToString("N0", CultureInfo.InvariantCulture)} messages are in the queue.");
        progress.Changed(campaign.Id);
        wakeup.Wake();
        return rows;
    }

    /// <summary>Sending → Completed when no row of the campaign is pending or in flight any more.</summary>
    public async Task<bool> CompleteIfDoneAsync(int campaignId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Deliveries.AnyAsync(d => d.CampaignId == campaignId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.InFlight), cancellationToken);
        if (open)
        {
            return false;
        }

        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is not { Status: CampaignStatus.Sending })
        {
            return false;
        }

        campaign.MarkCompleted(Now);
        await StageWebhookAsync(db, campaign, CampaignStatus.Sending, cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return false;
        }

        // Completed is committed: the summary and the notification follow even when this instance is shutting down.
        plans.Forget(campaignId);
        errors.Reset(campaignId);
        var counts = await db.Deliveries.AsNoTracking().Where(d => d.CampaignId == campaignId)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, CancellationToken.None);
        int Count(params DeliveryStatus[] statuses) => statuses.Sum(s => counts.GetValueOrDefault(s));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{Count(DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Undelivered):N0} sent, {Count(DeliveryStatus.Failed):N0} failed, {Count(DeliveryStatus.Skipped):N0} skipped");
        var outboxed = Count(DeliveryStatus.Outboxed);
        if (outboxed > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $", {outboxed:N0} recorded in the Outbox (not sent: no provider configured)");
        }

        LogCompleted(campaignId, summary);
        await NotifyAsync(campaign, NotificationKind.Completed, "completed", $"{campaign.Name} finished sending", summary + ".");
        progress.Changed(campaignId);
        return true;
    }

    /// <summary>
    /// Sending → Paused by the engine (too many failures); its creator and the admins are told why. Only the run the
    /// failures were counted in (<paramref name="revision"/>) is paused: once someone paused and resumed the campaign,
    /// late failures of the old run change nothing.
    /// </summary>
    public async Task<bool> AutoPauseAsync(int campaignId, int revision, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is not { Status: CampaignStatus.Sending } || campaign.Revision != revision)
        {
            return false;
        }

        campaign.AutoPause(reason, Now);
        await StageWebhookAsync(db, campaign, CampaignStatus.Sending, cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return false;
        }

        errors.Reset(campaignId);
        LogAutoPaused(campaignId, reason);
        await NotifyAsync(campaign, NotificationKind.AutoPaused, "auto-paused:" + campaign.Revision.ToString(CultureInfo.InvariantCulture), $"{campaign.Name} paused by itself", reason + " Nothing is lost: unsent messages wait. Fix the cause, then resume it.");
        progress.Changed(campaignId);
        return true;
    }

    /// <summary>→ Failed with a reason people read (from Scheduled, Sending or Paused); what was not sent is cancelled.</summary>
    public async Task FailAsync(int campaignId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is not { Status: CampaignStatus.Scheduled or CampaignStatus.Sending or CampaignStatus.Paused })
        {
            return;
        }

        var statusBefore = campaign.Status;
        campaign.MarkFailed(reason, Now);
        await StageWebhookAsync(db, campaign, statusBefore, cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return;
        }

        plans.Forget(campaignId);
        await CancelOpenRowsAsync(db, campaignId, CancellationToken.None);
        LogFailed(campaignId, reason);
        await NotifyAsync(campaign, NotificationKind.Failed, "failed", $"{campaign.Name} failed", campaign.FailureReason ?? reason);
        progress.Changed(campaignId);
    }

    /// <summary>Cancels the pending rows of stopped or failed campaigns (in-flight ones finish and are recorded).</summary>
    public async Task<int> CancelStoppedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ended = await db.Campaigns.AsNoTracking()
            .Where(c => c.Status == CampaignStatus.Stopped || c.Status == CampaignStatus.Failed)
            .Where(c => db.Deliveries.Any(d => d.CampaignId == c.Id && d.Status == DeliveryStatus.Pending))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        var cancelled = 0;
        foreach (var campaignId in ended)
        {
            cancelled += await CancelOpenRowsAsync(db, campaignId, cancellationToken);
            plans.Forget(campaignId);
            progress.Changed(campaignId);
        }

        return cancelled;
    }

    private async Task<int> CancelOpenRowsAsync(AppDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        var now = Now;
        return await db.Deliveries
            .Where(d => d.CampaignId == campaignId && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.UpdatedUtc, now), cancellationToken);
    }

    private static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance (or a person) changed the campaign first: theirs stands.
            return false;
        }
        catch (Exception e) when (LockConflict.Is(e))
        {
            // The same race, lost on MySQL by deadlock: each transition writes a history row first (a shared lock on the
            // campaign, for its foreign key), then wants the campaign row itself; the database rolled this one back and
            // let the other go ahead. Thrown on, it made the scanner fail a campaign another instance had just started.
            return false;
        }
    }

    /// <summary>Adds the transition's webhook event to the outbox in the same save as the transition (a lost race saves neither).</summary>
    private async Task StageWebhookAsync(AppDbContext db, Campaign campaign, CampaignStatus before, CancellationToken cancellationToken)
    {
        if (CampaignWebhookEvents.For(campaign, before, Now) is { } lifecycleEvent)
        {
            await webhooks.StageAsync(db, [lifecycleEvent], cancellationToken);
        }
    }

    /// <summary>
    /// Tells people about a transition already committed. A shutdown does not cancel it: whoever won the transition is
    /// the only one who will ever tell, so giving up here would lose the notification for good.
    /// </summary>
    private async Task NotifyAsync(Campaign campaign, NotificationKind kind, string key, string title, string message)
    {
        try
        {
            await notifier.NotifyAsync(
                new CampaignNotification(kind, campaign.Id, campaign.Name, title, message, $"{key}:{campaign.Id.ToString(CultureInfo.InvariantCulture)}") { CreatorId = campaign.CreatedById },
                CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The transition stands; a missed notification is logged, not a reason to undo it.
            LogNotifyFailed(e, campaign.Id, kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} started sending: {Rows} ledger rows.")]
    private partial void LogStarted(int campaignId, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} missed its send time {DueUtc:u} beyond the grace window; it waits for confirmation.")]
    private partial void LogMissed(int campaignId, DateTime dueUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} completed: {Summary}.")]
    private partial void LogCompleted(int campaignId, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} paused by itself: {Reason}")]
    private partial void LogAutoPaused(int campaignId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {CampaignId} failed: {Reason}")]
    private partial void LogFailed(int campaignId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell people that campaign {CampaignId} is {Kind}.")]
    private partial void LogNotifyFailed(Exception exception, int campaignId, NotificationKind kind);
}
