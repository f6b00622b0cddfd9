using System.Globalization;
using System.Text.Encodings.Web;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Notifications.Email;

/// <summary>
/// Sends the "also by email" copy of a stored <see cref="Notification"/> through <see cref="INotificationEmailSender"/>
/// and records on the row what happened: sent, or failed with the reason and when it is tried again (base × 2^(n−1)),
/// or given up after <see cref="NotificationOptions.EmailMaxAttempts"/> tries (logged as an error, the reason kept on
/// the row). Nothing is swallowed: a failure is always on the row and in the log. <see cref="RetryDueAsync"/> (a
/// scheduled job) sends the emails whose retry time has come, and those whose sender died before it could record.
/// </summary>
public sealed partial class NotificationEmailer(
    IDbContextFactory<AppDbContext> contexts,
    INotificationEmailSender sender,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationEmailer> logger)
{
    public const int RetryBatchSize = 100;

    /// <summary>The email of <paramref name="row"/> to its person.</summary>
    public static NotificationEmail Compose(Notification row, string to, string recipientName)
    {
        var html = HtmlEncoder.Default;
        var kind = row.Kind.Display();
        return new NotificationEmail(
            row.UserId,
            to,
            recipientName,
            row.Kind,
            row.CampaignId,
            row.CampaignName,
            row.Title,
            $"{row.Message}\n\nCampaign: {row.CampaignName}\n\nYou get this email because you asked to hear about \"{kind}\" by email; change that under Notifications in CampaignStudio.",
            $"<p>{html.Encode(row.Message)}</p><p>Campaign: <strong>{html.Encode(row.CampaignName)}</strong></p>"
                + $"<p style=\"color:#666;font-size:12px\">You get this email because you asked to hear about “{html.Encode(kind)}” by email; change that under Notifications in CampaignStudio.</p>",
            row.Key);
    }

    /// <summary>Sends the email of a stored row (held by this instance) and records the outcome; true when it went.</summary>
    public async Task<bool> SendAsync(Notification row, string? to, string recipientName, CancellationToken cancellationToken)
    {
        var attempt = row.EmailAttempts + 1;
        if (string.IsNullOrWhiteSpace(to))
        {
            await RecordFailureAsync(row, attempt, "The person has no email address any more.", giveUp: true);
            return false;
        }

        try
        {
            await sender.SendAsync(Compose(row, to, recipientName), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(e, row.Key, row.UserId, attempt);
            await RecordFailureAsync(row, attempt, e.Message, giveUp: attempt >= options.Value.EmailMaxAttempts);
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.Notifications.Where(n => n.Id == row.Id).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.EmailSentUtc, now).SetProperty(n => n.EmailAttempts, attempt).SetProperty(n => n.EmailNextAttemptUtc, (DateTime?)null).SetProperty(n => n.EmailError, (string?)null),
            CancellationToken.None);
        return true;
    }

    /// <summary>Sends the emails whose (re)try time has come, each claimed first so two instances do not both send it; returns how many went.</summary>
    public async Task<int> RetryDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await (from n in db.Notifications.AsNoTracking()
                         join u in db.Users on n.UserId equals u.Id
                         where n.EmailNextAttemptUtc != null && n.EmailNextAttemptUtc <= now && n.EmailSentUtc == null && n.ByEmail
                         orderby n.EmailNextAttemptUtc
                         select new { Row = n, u.Email, u.DisplayName })
            .Take(RetryBatchSize)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var item in due)
        {
            var held = now + Notification.EmailLease;
            var claimed = await db.Notifications
                .Where(n => n.Id == item.Row.Id && n.EmailNextAttemptUtc == item.Row.EmailNextAttemptUtc && n.EmailSentUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailNextAttemptUtc, held), cancellationToken);
            if (claimed == 1 && await SendAsync(item.Row, item.Email, item.DisplayName, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task RecordFailureAsync(Notification row, int attempt, string reason, bool giveUp)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? next = giveUp ? null : now + TimeSpan.FromSeconds(settings.EmailRetryBaseSeconds * Math.Pow(2, Math.Min(attempt - 1, 16)));
        var error = Notification.Clip(
            giveUp ? $"Given up after {attempt.ToString(CultureInfo.InvariantCulture)} tries: {reason}" : $"Try {attempt.ToString(CultureInfo.InvariantCulture)} failed: {reason}",
            Notification.MaxEmailErrorLength);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.Notifications.Where(n => n.Id == row.Id).ExecuteUpdateAsync(
            s => s.SetProperty(n => n.EmailAttempts, attempt).SetProperty(n => n.EmailNextAttemptUtc, next).SetProperty(n => n.EmailError, error),
            CancellationToken.None);
        if (giveUp)
        {
            LogGaveUp(row.Key, row.UserId, attempt, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The email of notification {Key} to user {UserId} failed (try {Attempt}).")]
    private partial void LogSendFailed(Exception exception, string key, string userId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The email of notification {Key} to user {UserId} was given up after {Attempts} tries: {Reason}")]
    private partial void LogGaveUp(string key, string userId, int attempts, string reason);
}
