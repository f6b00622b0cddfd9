using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications.Email;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// The <see cref="ICampaignNotifier"/>: tells a campaign's creator, every active admin and the campaign's followers
/// (or, for approvals, the approvers, or the people who asked; see <see cref="NotificationAudience"/>), except those
/// who turned the kind off. Each person gets one stored row (unique per person and key, so raising the
/// same notification again, from a retry, a restart or another instance, tells nobody twice), then a live push to
/// their open pages and, if they asked for it, an email (<see cref="NotificationEmailer"/>: recorded on the row, retried
/// when it fails). Only the instance whose insert succeeded pushes and emails.
/// </summary>
public sealed partial class CampaignNotifier(
    IDbContextFactory<AppDbContext> contexts,
    NotificationHub hub,
    NotificationEmailer emailer,
    TimeProvider clock,
    ILogger<CampaignNotifier> logger) : ICampaignNotifier
{
    public async Task NotifyAsync(CampaignNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (string.IsNullOrWhiteSpace(notification.Key) || notification.Key.Length > Notification.MaxKeyLength)
        {
            throw new ArgumentException($"A notification needs a key of 1 to {Notification.MaxKeyLength} characters (e.g. started:42).", nameof(notification));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.Where(c => c.Id == notification.CampaignId).Select(c => new { c.CreatedById }).FirstOrDefaultAsync(cancellationToken);
        if (campaign is null)
        {
            LogNoSuchCampaign(notification.Kind, notification.CampaignId, notification.Key);
            return;
        }

        var recipients = await RecipientsAsync(db, notification, notification.CreatorId ?? campaign.CreatedById, cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }

        var userIds = recipients.Select(r => r.UserId).ToList();
        var alreadyTold = (await db.Notifications
                .Where(n => n.Key == notification.Key && userIds.Contains(n.UserId))
                .Select(n => n.UserId)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var told = 0;
        foreach (var recipient in recipients.Where(r => !alreadyTold.Contains(r.UserId)))
        {
            var row = new Notification(recipient.UserId, notification, recipient.InApp, recipient.ByEmail, clock.GetUtcNow().UtcDateTime);
            if (!await TryInsertAsync(db, row, cancellationToken))
            {
                continue;
            }

            told++;
            if (row.InApp)
            {
                await hub.PublishAsync(new NotificationSignal(row.UserId, ToItem(row)));
            }

            if (row.ByEmail)
            {
                await emailer.SendAsync(row, recipient.Email, recipient.Name, cancellationToken);
            }
        }

        LogNotified(notification.Kind, notification.CampaignId, notification.Key, told);
    }

    public static NotificationItem ToItem(Notification row) =>
        new(row.Id, row.Kind, row.CampaignId, row.CampaignName, row.Title, row.Message, row.CreatedUtc, row.ReadUtc);

    /// <summary>
    /// The notification's audience (by default the creator, the active admins and the followers; for approvals the
    /// active approvers and admins, or the creator, the requester and the followers), minus
    /// <see cref="CampaignNotification.ExceptUserId"/>, once each, with what each chose for this kind.
    /// </summary>
    private static async Task<List<Recipient>> RecipientsAsync(AppDbContext db, CampaignNotification notification, string creatorId, CancellationToken cancellationToken)
    {
        var campaignId = notification.CampaignId;
        string[] roleNames = notification.Audience == NotificationAudience.Approvers ? [Roles.Admin, Roles.Approver] : [Roles.Admin];
        var withRole = from userRole in db.UserRoles
                       join role in db.Roles on userRole.RoleId equals role.Id
                       where roleNames.Contains(role.Name!)
                       select userRole.UserId;
        var followers = db.CampaignFollowers.Where(f => f.CampaignId == campaignId).Select(f => f.UserId);
        var requesterId = notification.RequesterId ?? creatorId;
        var except = notification.ExceptUserId ?? "";
        var candidates = db.Users.Where(u => u.IsActive && u.Id != except);
        candidates = notification.Audience switch
        {
            NotificationAudience.Approvers => candidates.Where(u => withRole.Contains(u.Id)),
            NotificationAudience.Requester => candidates.Where(u => u.Id == creatorId || u.Id == requesterId || followers.Contains(u.Id)),
            _ => candidates.Where(u => u.Id == creatorId || withRole.Contains(u.Id) || followers.Contains(u.Id)),
        };
        var people = await candidates
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var preferences = await db.NotificationPreferences
            .Where(p => p.Kind == notification.Kind && ids.Contains(p.UserId))
            .ToDictionaryAsync(p => p.UserId, StringComparer.Ordinal, cancellationToken);

        var recipients = new List<Recipient>();
        foreach (var person in people.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var preference = preferences.GetValueOrDefault(person.Id);
            var inApp = preference?.InApp ?? NotificationPreference.DefaultInApp;
            var byEmail = (preference?.ByEmail ?? NotificationPreference.DefaultByEmail) && !string.IsNullOrWhiteSpace(person.Email);
            if (inApp || byEmail)
            {
                recipients.Add(new Recipient(person.Id, person.Email, person.DisplayName, inApp, byEmail));
            }
        }

        return recipients;
    }

    /// <summary>Stores the row; false when the unique index says the person was already told (by another instance, just now).</summary>
    private async Task<bool> TryInsertAsync(AppDbContext db, Notification row, CancellationToken cancellationToken)
    {
        db.Notifications.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.Entry(row).State = EntityState.Detached;
            LogAlreadyTold(row.UserId, row.Key);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Kind} of campaign {CampaignId} ({Key}) told {Count} people.")]
    private partial void LogNotified(NotificationKind kind, int campaignId, string key, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Kind} ({Key}) names campaign {CampaignId}, which does not exist (any more): nobody was told.")]
    private partial void LogNoSuchCampaign(NotificationKind kind, int campaignId, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId} was already told {Key}.")]
    private partial void LogAlreadyTold(string userId, string key);

    private sealed record Recipient(string UserId, string? Email, string Name, bool InApp, bool ByEmail);
}
