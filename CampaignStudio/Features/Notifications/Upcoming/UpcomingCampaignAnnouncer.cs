using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Notifications.Upcoming;

/// <summary>
/// Tells people a scheduled campaign is about to start, once per lead time (e.g. 24 h and 1 h before). Runs every
/// <see cref="NotificationOptions.ScanIntervalSeconds"/> (Coravel) in every instance; the notification key names the
/// campaign, its send time and the lead time, so the unique index on (person, key) makes each announcement happen
/// once per person whichever instance raises it, also across restarts, and a campaign given a new time is announced
/// again for that time. Only the tightest lead time a campaign is within is announced: one scheduled 30 minutes ahead
/// hears "within the hour", not also "within a day". A campaign unscheduled, rescheduled or started is read again just
/// before it is announced, so nobody is told of a time that no longer holds.
/// </summary>
public sealed partial class UpcomingCampaignAnnouncer(
    IDbContextFactory<AppDbContext> contexts,
    ICampaignNotifier notifier,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<UpcomingCampaignAnnouncer> logger) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        try
        {
            await AnnounceAsync(CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScanFailed(e);
        }
    }

    /// <summary>The key of the announcement of <paramref name="campaignId"/> starting at <paramref name="scheduledForUtc"/>, <paramref name="leadTime"/> ahead.</summary>
    public static string KeyFor(int campaignId, DateTime scheduledForUtc, TimeSpan leadTime) => string.Create(
        CultureInfo.InvariantCulture,
        $"upcoming:{campaignId}:{scheduledForUtc:yyyyMMdd'T'HHmmss'Z'}:{(long)leadTime.TotalMinutes}m");

    /// <summary>"1 hour", "24 hours", "30 minutes", "2 days and 6 hours".</summary>
    public static string Describe(TimeSpan span)
    {
        static string Unit(long n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
        var minutes = (long)Math.Round(span.TotalMinutes);
        if (minutes < 60)
        {
            return Unit(minutes, "minute");
        }

        if (minutes % 60 != 0)
        {
            return $"{Unit(minutes / 60, "hour")} and {Unit(minutes % 60, "minute")}";
        }

        var hours = minutes / 60;
        return hours > 48 && hours % 24 == 0 ? Unit(hours / 24, "day") : Unit(hours, "hour");
    }

    /// <summary>Announces every scheduled campaign that has come within a lead time; returns how many announcements were raised.</summary>
    public async Task<int> AnnounceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var leadTimes = settings.LeadTimes;
        if (leadTimes.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now + leadTimes[0];
        List<Candidate> due;
        HashSet<string> announced;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var campaigns = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Scheduled && c.AwaitingConfirmationSinceUtc == null && c.ArchivedUtc == null)
                .Where(c => c.ScheduledForUtc > now && c.ScheduledForUtc <= horizon)
                .OrderBy(c => c.ScheduledForUtc)
                .Select(c => new { c.Id, c.Name, c.CreatedById, ScheduledForUtc = c.ScheduledForUtc!.Value })
                .ToListAsync(cancellationToken);
            due = [.. campaigns.Select(c =>
            {
                var leadTime = leadTimes.Last(l => c.ScheduledForUtc - now <= l);
                return new Candidate(c.Id, c.Name, c.CreatedById, c.ScheduledForUtc, leadTime, KeyFor(c.Id, c.ScheduledForUtc, leadTime));
            })];
            var keys = due.Select(d => d.Key).ToList();
            announced = keys.Count == 0
                ? []
                : [.. await db.Notifications.Where(n => keys.Contains(n.Key)).Select(n => n.Key).Distinct().ToListAsync(cancellationToken)];
        }

        var raised = 0;
        foreach (var candidate in due.Where(d => !announced.Contains(d.Key)))
        {
            if (!await StillDueAsync(candidate, cancellationToken))
            {
                continue;
            }

            var at = CampaignSchedule.FormatUtc(candidate.ScheduledForUtc);
            await notifier.NotifyAsync(
                new CampaignNotification(
                    NotificationKind.Upcoming,
                    candidate.CampaignId,
                    candidate.Name,
                    $"{candidate.Name} starts within {Describe(candidate.LeadTime)}",
                    $"It is scheduled to start sending at {at}. Until then you can still edit it, give it a new time or unschedule it.",
                    candidate.Key) { CreatorId = candidate.CreatorId },
                cancellationToken);
            raised++;
        }

        return raised;
    }

    /// <summary>Reads the campaign again: still scheduled, for the same time, not started.</summary>
    private async Task<bool> StillDueAsync(Candidate candidate, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().AnyAsync(
            c => c.Id == candidate.CampaignId && c.Status == CampaignStatus.Scheduled && c.AwaitingConfirmationSinceUtc == null && c.ScheduledForUtc == candidate.ScheduledForUtc,
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The scan for upcoming campaigns failed; it runs again at the next interval.")]
    private partial void LogScanFailed(Exception exception);

    private sealed record Candidate(int CampaignId, string Name, string CreatorId, DateTime ScheduledForUtc, TimeSpan LeadTime, string Key);
}
