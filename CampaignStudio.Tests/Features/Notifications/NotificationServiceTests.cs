using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using static CampaignStudio.Tests.Features.Notifications.NotificationWorld;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>My notifications, preferences and followed campaigns: each person reads and changes their own only.</summary>
public abstract class NotificationServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : NotificationServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : NotificationServiceTests(DatabaseKind.MySql);

    [Fact]
    public async Task UnreadCountAndMarkRead_TouchOnlyMyOwnRows()
    {
        await using var world = await StartAsync(kind);
        await world.NotifyAsync(world.Notification(NotificationKind.Started));
        await world.NotifyAsync(world.Notification(NotificationKind.Completed));
        var maxFirst = (await world.AsAsync(Max, s => s.ListAsync(new NotificationQuery()))).Items[0];
        var adaFirst = (await world.AsAsync(Ada, s => s.ListAsync(new NotificationQuery()))).Items[0];

        await world.AsAsync(Max, s => s.MarkReadAsync(maxFirst.Id));

        Assert.Equal((1, 2), (await world.UnreadAsync(Max), await world.UnreadAsync(Ada)));
        var refused = await Assert.ThrowsAsync<NotFoundException>(() => world.AsAsync(Max, s => s.MarkReadAsync(adaFirst.Id)));
        Assert.Equal($"You have no notification {adaFirst.Id}.", refused.Message);
        Assert.Equal(2, await world.UnreadAsync(Ada));

        Assert.Equal(1, await world.AsAsync(Max, s => s.MarkAllReadAsync()));

        Assert.Equal((0, 2, 2), (await world.UnreadAsync(Max), await world.UnreadAsync(Ada), await world.UnreadAsync(Adi)));
        var rows = await world.RowsAsync();
        Assert.All(rows.Where(r => r.UserId == world.Id(Max)), r => Assert.Equal(world.Clock.GetUtcNow().UtcDateTime, r.ReadUtc));
        Assert.All(rows.Where(r => r.UserId != world.Id(Max)), r => Assert.Null(r.ReadUtc));
        Assert.Equal(0, await world.AsAsync(Max, s => s.MarkAllReadAsync()));
    }

    [Fact]
    public async Task MarkRead_Again_KeepsWhenItWasFirstRead_AndTellsMyOtherPages()
    {
        await using var world = await StartAsync(kind);
        await world.NotifyAsync(world.Notification());
        var item = (await world.AsAsync(Max, s => s.ListAsync(new NotificationQuery()))).Items.Single();
        var signals = new List<NotificationSignal>();
        using var subscription = world.Hub.Subscribe(world.Id(Max), s =>
        {
            signals.Add(s);
            return Task.CompletedTask;
        });
        var firstRead = world.Clock.GetUtcNow().UtcDateTime;

        await world.AsAsync(Max, s => s.MarkReadAsync(item.Id));
        world.Clock.Advance(TimeSpan.FromHours(1));
        await world.AsAsync(Max, s => s.MarkReadAsync(item.Id));

        Assert.Equal(firstRead, (await world.AsAsync(Max, s => s.ListAsync(new NotificationQuery()))).Items.Single().ReadUtc);
        Assert.Equal([NotificationSignal.ReadChanged(world.Id(Max))], signals);
    }

    [Fact]
    public async Task List_UnreadFirstOrNewestFirst_FiltersByKindAndUnread_AndPages()
    {
        await using var world = await StartAsync(kind);
        await world.NotifyAsync(world.Notification(NotificationKind.Started, title: "started"));
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        await world.NotifyAsync(world.Notification(NotificationKind.Completed, title: "completed"));
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        await world.NotifyAsync(world.Notification(NotificationKind.Failed, title: "failed"));
        var failed = (await world.AsAsync(Max, s => s.ListAsync(new NotificationQuery()))).Items.Single(i => i.Kind == NotificationKind.Failed);
        await world.AsAsync(Max, s => s.MarkReadAsync(failed.Id));

        async Task<(string Titles, int Total, int Unread)> ListAsync(NotificationQuery query)
        {
            var page = await world.AsAsync(Max, s => s.ListAsync(query));
            return (string.Join(", ", page.Items.Select(i => i.Title)), page.Total, page.Unread);
        }

        Assert.Equal(("completed, started, failed", 3, 2), await ListAsync(new NotificationQuery()));
        Assert.Equal(("failed, completed, started", 3, 2), await ListAsync(new NotificationQuery { Order = NotificationOrder.NewestFirst }));
        Assert.Equal(("completed", 1, 2), await ListAsync(new NotificationQuery { Kind = NotificationKind.Completed }));
        Assert.Equal(("completed, started", 2, 2), await ListAsync(new NotificationQuery { UnreadOnly = true }));
        Assert.Equal(("", 0, 2), await ListAsync(new NotificationQuery { UnreadOnly = true, Kind = NotificationKind.Failed }));
        Assert.Equal(("failed", 3, 2), await ListAsync(new NotificationQuery { Page = 1, PageSize = 2 }));
        var first = (await world.AsAsync(Max, s => s.ListAsync(new NotificationQuery { Order = NotificationOrder.NewestFirst }))).Items[0];
        Assert.Equal((world.CampaignId, CampaignName, world.Clock.GetUtcNow().UtcDateTime, true), (first.CampaignId, first.CampaignName, first.CreatedUtc, first.IsRead));
    }

    [Fact]
    public async Task Preferences_DefaultToInAppNotEmail_AndEachPersonSetsTheirOwn()
    {
        await using var world = await StartAsync(kind);

        var defaults = await world.AsAsync(Ann, s => s.GetPreferencesAsync());
        await world.AsAsync(Ann, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: true, byEmail: true));
        var changed = await world.AsAsync(Ann, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: false, byEmail: true));

        Assert.Equal(Enum.GetValues<NotificationKind>(), defaults.Select(p => p.Kind));
        Assert.All(defaults, p => Assert.Equal((true, false), (p.InApp, p.ByEmail)));
        Assert.Equal(new NotificationPreferenceSetting(NotificationKind.Failed, false, true), changed);
        var anns = await world.AsAsync(Ann, s => s.GetPreferencesAsync());
        Assert.Equal(new NotificationPreferenceSetting(NotificationKind.Failed, false, true), anns.Single(p => p.Kind == NotificationKind.Failed));
        Assert.All(anns.Where(p => p.Kind != NotificationKind.Failed), p => Assert.Equal((true, false), (p.InApp, p.ByEmail)));
        Assert.All(await world.AsAsync(Max, s => s.GetPreferencesAsync()), p => Assert.Equal((true, false), (p.InApp, p.ByEmail)));
    }

    [Fact]
    public async Task Follow_TellsMeFromThenOn_UnfollowStops_FollowingTwiceIsOnce()
    {
        await using var world = await StartAsync(kind);

        Assert.Equal(new CampaignFollowState(false, null), await world.AsAsync(Ann, s => s.GetFollowStateAsync(world.CampaignId)));
        Assert.Equal(new CampaignFollowState(false, "You created this campaign"), await world.AsAsync(Max, s => s.GetFollowStateAsync(world.CampaignId)));
        Assert.Equal(new CampaignFollowState(false, "Admins hear about every campaign"), await world.AsAsync(Ada, s => s.GetFollowStateAsync(world.CampaignId)));
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));
        Assert.True(await world.AsAsync(Ann, s => s.IsFollowingAsync(world.CampaignId)));
        Assert.Equal(new CampaignFollowState(true, null), await world.AsAsync(Ann, s => s.GetFollowStateAsync(world.CampaignId)));
        Assert.False(await world.AsAsync(Mia, s => s.IsFollowingAsync(world.CampaignId)));
        await world.NotifyAsync(world.Notification(NotificationKind.Started));

        await world.AsAsync(Ann, s => s.UnfollowAsync(world.CampaignId));
        await world.AsAsync(Ann, s => s.UnfollowAsync(world.CampaignId));
        await world.NotifyAsync(world.Notification(NotificationKind.Completed));

        Assert.False(await world.AsAsync(Ann, s => s.IsFollowingAsync(world.CampaignId)));
        Assert.Equal(People(Ada, Adi, Ann, Max), await world.ToldAsync($"started:{world.CampaignId}"));
        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync($"completed:{world.CampaignId}"));
    }

    [Fact]
    public async Task Follow_ACampaignThatDoesNotExist_IsNotFound()
    {
        await using var world = await StartAsync(kind);

        var refused = await Assert.ThrowsAsync<NotFoundException>(() => world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId + 1000)));

        Assert.Equal($"There is no campaign {world.CampaignId + 1000} (any more).", refused.Message);
    }
}
