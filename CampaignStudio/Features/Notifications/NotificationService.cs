using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// The signed-in person's notifications, preferences and followed campaigns, for pages. Everything here reads and
/// changes the current user's own rows only; anyone who may read the workspace has notifications.
/// </summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, NotificationHub hub, TimeProvider clock)
{
    /// <summary>A page of my notifications shown in the app, unread first or newest first.</summary>
    public async Task<NotificationPage> ListAsync(NotificationQuery query, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = Mine(db, me);
        var matching = mine;
        if (query.Kind is { } kind)
        {
            matching = matching.Where(n => n.Kind == kind);
        }

        if (query.UnreadOnly)
        {
            matching = matching.Where(n => n.ReadUtc == null);
        }

        var total = await matching.CountAsync(cancellationToken);
        var unread = query.UnreadOnly && query.Kind is null ? total : await mine.CountAsync(n => n.ReadUtc == null, cancellationToken);
        var ordered = query.Order == NotificationOrder.UnreadFirst
            ? matching.OrderBy(n => n.ReadUtc == null ? 0 : 1).ThenByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id)
            : matching.OrderByDescending(n => n.CreatedUtc).ThenByDescending(n => n.Id);
        var size = Math.Clamp(query.PageSize, 1, NotificationQuery.MaxPageSize);
        var items = await ordered
            .Skip(Math.Max(0, query.Page) * size)
            .Take(size)
            .Select(n => new NotificationItem(n.Id, n.Kind, n.CampaignId, n.CampaignName, n.Title, n.Message, n.CreatedUtc, n.ReadUtc))
            .ToListAsync(cancellationToken);
        return new NotificationPage(items, total, unread);
    }

    /// <summary>How many of my notifications I have not read: the bell's number.</summary>
    public async Task<int> CountUnreadAsync(CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Mine(db, me).CountAsync(n => n.ReadUtc == null, cancellationToken);
    }

    /// <summary>Marks one of my notifications read (again is fine); someone else's is not found.</summary>
    public async Task MarkReadAsync(long id, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications
            .Where(n => n.Id == id && n.UserId == me && n.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
        if (changed == 0 && !await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == me, cancellationToken))
        {
            throw new NotFoundException($"You have no notification {id.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (changed > 0)
        {
            await hub.PublishAsync(NotificationSignal.ReadChanged(me));
        }
    }

    /// <summary>Marks all my unread notifications read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications
            .Where(n => n.UserId == me && n.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), cancellationToken);
        if (changed > 0)
        {
            await hub.PublishAsync(NotificationSignal.ReadChanged(me));
        }

        return changed;
    }

    /// <summary>My choice for every kind, the defaults (in the app, not by email) where I chose nothing.</summary>
    public async Task<IReadOnlyList<NotificationPreferenceSetting>> GetPreferencesAsync(CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == me).ToDictionaryAsync(p => p.Kind, cancellationToken);
        return
        [
            .. Enum.GetValues<NotificationKind>().Select(kind => chosen.TryGetValue(kind, out var p)
                ? new NotificationPreferenceSetting(kind, p.InApp, p.ByEmail)
                : new NotificationPreferenceSetting(kind, NotificationPreference.DefaultInApp, NotificationPreference.DefaultByEmail)),
        ];
    }

    /// <summary>Sets how I hear of one kind; both off means I am not told of it at all.</summary>
    public async Task<NotificationPreferenceSetting> SetPreferenceAsync(NotificationKind kind, bool inApp, bool byEmail, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(kind))
        {
            throw ValidationFailedException.For("kind", $"'{kind}' is not a kind of notification.");
        }

        var me = await MeAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var preference = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == me && p.Kind == kind, cancellationToken);
            if (preference is null)
            {
                db.NotificationPreferences.Add(new NotificationPreference(me, kind, inApp, byEmail, now));
            }
            else
            {
                preference.Change(inApp, byEmail, now);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new NotificationPreferenceSetting(kind, inApp, byEmail);
            }
            catch (DbUpdateException e) when (attempt == 0 && UniqueViolation.Is(e))
            {
                // Set at the same moment in another tab: the row exists now, so change it.
            }
        }
    }

    /// <summary>Follows a campaign: I hear about it like its creator does. Following again changes nothing.</summary>
    public async Task FollowAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new NotFoundException($"There is no campaign {campaignId.ToString(CultureInfo.InvariantCulture)} (any more).");
        }

        if (await db.CampaignFollowers.AnyAsync(f => f.CampaignId == campaignId && f.UserId == me, cancellationToken))
        {
            return;
        }

        db.CampaignFollowers.Add(new CampaignFollower(campaignId, me, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Followed at the same moment in another tab.
        }
    }

    /// <summary>Stops following a campaign (not following is fine).</summary>
    public async Task UnfollowAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.CampaignFollowers.Where(f => f.CampaignId == campaignId && f.UserId == me).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether I follow the campaign, and why I am told about it anyway when following changes nothing for me.</summary>
    public async Task<CampaignFollowState> GetFollowStateAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        var isAdmin = await currentUser.IsAllowedAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var creatorId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.CreatedById).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"There is no campaign {campaignId.ToString(CultureInfo.InvariantCulture)} (any more).");
        var following = await db.CampaignFollowers.AnyAsync(f => f.CampaignId == campaignId && f.UserId == me, cancellationToken);
        var because = creatorId == me ? "You created this campaign" : isAdmin ? "Admins hear about every campaign" : null;
        return new CampaignFollowState(following, because);
    }

    public async Task<bool> IsFollowingAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        var me = await MeAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CampaignFollowers.AnyAsync(f => f.CampaignId == campaignId && f.UserId == me, cancellationToken);
    }

    /// <summary>
    /// Calls <paramref name="onSignal"/> whenever I am told something new, or which of mine are read changes (in any of
    /// my tabs); dispose to stop. For pages: reload from this service when called.
    /// </summary>
    public async Task<IDisposable> SubscribeAsync(Func<NotificationSignal, Task> onSignal) => hub.Subscribe(await MeAsync(), onSignal);

    private static IQueryable<Notification> Mine(AppDbContext db, string me) => db.Notifications.AsNoTracking().Where(n => n.UserId == me && n.InApp);

    private async Task<string> MeAsync() => (await currentUser.RequireAsync(Policies.Read)).Id;
}
