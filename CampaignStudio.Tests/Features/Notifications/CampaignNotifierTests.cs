using System.Collections.Concurrent;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Notifications.Email;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Notifications.NotificationWorld;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>Who is told, how, and exactly once: on a real database, with real concurrent notifiers.</summary>
public abstract class CampaignNotifierTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignNotifierTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignNotifierTests(DatabaseKind.MySql);

    [Fact]
    public async Task Notify_TellsTheCreatorEveryAdminAndTheFollowers_AndNobodyElse()
    {
        await using var world = await StartAsync(kind);
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));

        await world.NotifyAsync(world.Notification(NotificationKind.Started, "started:1", title: "Diwali offer started sending"));

        Assert.Equal(People(Ada, Adi, Ann, Max), await world.ToldAsync());
        var row = (await world.RowsAsync()).Single(r => r.UserId == world.Id(Max));
        Assert.Equal(
            (NotificationKind.Started, world.CampaignId, CampaignName, "Diwali offer started sending", "started:1", true, false, world.Clock.GetUtcNow().UtcDateTime, (DateTime?)null),
            (row.Kind, row.CampaignId, row.CampaignName, row.Title, row.Key, row.InApp, row.ByEmail, row.CreatedUtc, row.ReadUtc));
        Assert.Equal("Something happened to Diwali offer: A campaign started sending.", row.Message);
        Assert.Empty(await world.OutboxAsync());
    }

    [Fact]
    public async Task Notify_WithTheCreatorGiven_TellsThatPersonAsTheCreator()
    {
        await using var world = await StartAsync(kind);

        await world.NotifyAsync(world.Notification() with { CreatorId = world.Id(Mia) });

        Assert.Equal(People(Ada, Adi, Mia), await world.ToldAsync());
    }

    [Fact]
    public async Task Notify_RespectsEachPersonsPreferenceForThatKind()
    {
        await using var world = await StartAsync(kind);
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));
        await world.AsAsync(Ada, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: false, byEmail: false));
        await world.AsAsync(Adi, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: false, byEmail: true));
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: true, byEmail: true));
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Completed, inApp: false, byEmail: false));

        await world.NotifyAsync(world.Notification(NotificationKind.Failed, title: "Diwali offer failed"));

        var rows = (await world.RowsAsync()).ToDictionary(r => world.EmailOf(r.UserId), r => (r.InApp, r.ByEmail));
        Assert.Equal(3, rows.Count);
        Assert.False(rows.ContainsKey(Ada));
        Assert.Equal((false, true), rows[Adi]);
        Assert.Equal((true, true), rows[Max]);
        Assert.Equal((true, false), rows[Ann]);
        var emails = await world.OutboxAsync();
        Assert.Equal([Adi, Max], emails.Select(e => e.Recipient).Order(StringComparer.Ordinal));
        Assert.All(emails, e => Assert.Equal(
            (Channel.Email, (int?)world.CampaignId, "Diwali offer failed", false, OutboxNotificationEmailSender.NotSentStatus),
            (e.Channel, e.CampaignId, e.Subject, e.IsTest, e.Status)));
        Assert.Contains("Something happened to Diwali offer", emails[0].TextBody);
        Assert.Contains("<strong>Diwali offer</strong>", emails[0].HtmlBody);

        // Adi asked for email only: nothing in the app.
        Assert.Equal(0, await world.UnreadAsync(Adi));
        Assert.Empty((await world.AsAsync(Adi, s => s.ListAsync(new NotificationQuery()))).Items);
        Assert.Equal(1, await world.UnreadAsync(Max));

        // Other kinds keep their own preference: Ada hears of completion, Max does not.
        await world.NotifyAsync(world.Notification(NotificationKind.Completed));
        Assert.Equal(People(Ada, Adi, Ann), await world.ToldAsync($"completed:{world.CampaignId}"));
    }

    [Fact]
    public async Task Notify_SameKeyTwiceAndAfterARestart_TellsEachPersonOnce_PushesAndEmailsOnce()
    {
        await using var world = await StartAsync(kind);
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Started, inApp: true, byEmail: true));
        var pushed = new ConcurrentQueue<NotificationSignal>();
        using var subscription = world.Hub.Subscribe(world.Id(Max), s =>
        {
            pushed.Enqueue(s);
            return Task.CompletedTask;
        });

        await world.NotifyAsync(world.Notification());
        await world.NotifyAsync(world.Notification());
        await world.AnotherNotifier().NotifyAsync(world.Notification(), CancellationToken.None);

        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync());
        Assert.Single(await world.OutboxAsync());
        Assert.Single(pushed);
        Assert.Equal(1, await world.UnreadAsync(Max));
    }

    [Fact]
    public async Task Notify_TwoInstancesAtOnce_StoreOnePushAndOneRowPerPersonAndKey()
    {
        await using var world = await StartAsync(kind);
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Upcoming, inApp: true, byEmail: true));
        var pushed = new ConcurrentQueue<(string User, string Title)>();
        var subscriptions = new[] { Ada, Adi, Ann, Max }.Select(email => world.Hub.Subscribe(world.Id(email), s =>
        {
            pushed.Enqueue((email, s.Added!.Title));
            return Task.CompletedTask;
        })).ToList();
        var first = world.AnotherNotifier();
        var second = world.AnotherNotifier();
        var notifications = Enumerable.Range(1, 8)
            .Select(i => world.Notification(NotificationKind.Upcoming, key: $"upcoming:{world.CampaignId}:{i}", title: $"Starts in {i} hours"))
            .ToList();

        await Task.WhenAll(notifications.SelectMany(n => new[]
        {
            Task.Run(() => first.NotifyAsync(n, CancellationToken.None)),
            Task.Run(() => second.NotifyAsync(n, CancellationToken.None)),
        }));

        var rows = await world.RowsAsync();
        Assert.Equal(4 * notifications.Count, rows.Count);
        Assert.All(rows.GroupBy(r => (r.UserId, r.Key)), g => Assert.Single(g));
        Assert.Equal(4 * notifications.Count, pushed.Count);
        Assert.Equal(pushed.Count, pushed.Distinct().Count());
        Assert.Equal(notifications.Count, (await world.OutboxAsync()).Count(e => e.Recipient == Max));
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Notify_AnotherInstanceStoresItBetweenTheCheckAndTheInsert_CountsAsAlreadyTold()
    {
        var race = new RaceInterceptor();
        await using var world = await StartAsync(kind, services: s => CampaignWorld.Intercept(s, kind, race));
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Started, inApp: true, byEmail: true));
        var pushed = new ConcurrentQueue<NotificationSignal>();
        using var subscription = world.Hub.Subscribe(world.Id(Max), s =>
        {
            pushed.Enqueue(s);
            return Task.CompletedTask;
        });
        var notification = world.Notification();

        // The notifier found nobody told yet; just before it stores Max's row, "another instance" stores it.
        race.BeforeInsertFor(world.Id(Max), async () =>
        {
            await using var db = await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            db.Notifications.Add(new Notification(world.Id(Max), notification, inApp: true, byEmail: true, world.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        });
        await world.NotifyAsync(notification);

        Assert.True(race.Raced);
        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync());
        Assert.Empty(pushed);
        Assert.Empty(await world.OutboxAsync());
    }

    [Fact]
    public async Task Notify_PushesToTheOpenPagesOfEachRecipientOnly()
    {
        await using var world = await StartAsync(kind);
        var maxSignals = new ConcurrentQueue<NotificationSignal>();
        var miaSignals = new ConcurrentQueue<NotificationSignal>();
        using var max = world.Hub.Subscribe(world.Id(Max), s =>
        {
            maxSignals.Enqueue(s);
            return Task.CompletedTask;
        });
        using var mia = world.Hub.Subscribe(world.Id(Mia), s =>
        {
            miaSignals.Enqueue(s);
            return Task.CompletedTask;
        });

        await world.NotifyAsync(world.Notification(NotificationKind.AutoPaused, title: "Diwali offer paused itself"));

        var signal = Assert.Single(maxSignals);
        var row = (await world.RowsAsync()).Single(r => r.UserId == world.Id(Max));
        Assert.Equal(
            (world.Id(Max), row.Id, NotificationKind.AutoPaused, world.CampaignId, "Diwali offer paused itself", false),
            (signal.UserId, signal.Added!.Id, signal.Added.Kind, signal.Added.CampaignId, signal.Added.Title, signal.Added.IsRead));
        Assert.Empty(miaSignals);
    }

    [Fact]
    public async Task Notify_DeactivatedAdmin_IsNotTold()
    {
        await using var world = await StartAsync(kind);
        await CampaignWorldAsAdmin(world, s => s.DeactivateAsync(world.Id(Adi)));

        await world.NotifyAsync(world.Notification());

        Assert.Equal(People(Ada, Max), await world.ToldAsync());
    }

    [Fact]
    public async Task Notify_AboutACampaignThatDoesNotExist_TellsNobody()
    {
        await using var world = await StartAsync(kind);

        await world.NotifyAsync(world.Notification(campaignId: world.CampaignId + 1000));

        Assert.Empty(await world.RowsAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Notify_WithoutAKey_IsAProgrammingError(string key)
    {
        await using var world = await StartAsync(kind);

        await Assert.ThrowsAsync<ArgumentException>(() => world.NotifyAsync(world.Notification(key: key)));
    }

    /// <summary>Runs something once, just before a context saves a new notification row for a given person.</summary>
    private sealed class RaceInterceptor : SaveChangesInterceptor
    {
        private string? userId;
        private Func<Task>? before;

        public bool Raced { get; private set; }

        public void BeforeInsertFor(string user, Func<Task> act)
        {
            userId = user;
            before = act;
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var adds = eventData.Context!.ChangeTracker.Entries<Notification>().Any(e => e.State == EntityState.Added && e.Entity.UserId == userId);
            if (adds && Interlocked.Exchange(ref before, null) is { } act)
            {
                await act();
                Raced = true;
            }

            return result;
        }
    }

    private static Task<UserSummary> CampaignWorldAsAdmin(NotificationWorld world, Func<UserAdminService, Task<UserSummary>> act) =>
        CampaignWorld.AsAsync(world.App, Ada, act);
}
