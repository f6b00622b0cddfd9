using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// The database is the schedule: every few seconds (Coravel, <see cref="DeliveryOptions.ScanIntervalSeconds"/>) this
/// starts the scheduled campaigns whose time has come (a late one only within the grace window; later, it waits for
/// confirmation), completes sending campaigns with nothing left to send (e.g. when the last wave had no one), and
/// cancels what stopped campaigns left pending. Any instance may run it; the campaign's revision decides who wins.
/// </summary>
public sealed partial class DueCampaignScanner(
    IDbContextFactory<AppDbContext> contexts,
    CampaignRunner runner,
    TimeProvider clock,
    ILogger<DueCampaignScanner> logger) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        try
        {
            await ScanAsync(CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScanFailed(e);
        }
    }

    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<int> due;
        List<int> sending;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Scheduled && c.AwaitingConfirmationSinceUtc == null && c.ScheduledForUtc <= now)
                .OrderBy(c => c.ScheduledForUtc)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
            sending = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Sending)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
        }

        foreach (var campaignId in due)
        {
            try
            {
                await runner.StartAsync(campaignId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStartFailed(e, campaignId);
                await runner.FailAsync(campaignId, $"It could not start: {e.Message}", cancellationToken);
            }
        }

        foreach (var campaignId in sending)
        {
            await runner.CompleteIfDoneAsync(campaignId, cancellationToken);
        }

        await runner.CancelStoppedAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The scan for due campaigns failed; it runs again at the next interval.")]
    private partial void LogScanFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {CampaignId} could not start.")]
    private partial void LogStartFailed(Exception exception, int campaignId);
}
