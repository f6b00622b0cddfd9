using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>
/// Batches written straight through the store, on both providers: messages seen for the first time get an engagement row
/// inserted, messages that have one get it updated with only what changed, and each row ends with every marker and count
/// that its hits add up to.
/// </summary>
public abstract class TrackingBatchStoreTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : TrackingBatchStoreTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : TrackingBatchStoreTests(DatabaseKind.MySql)
    {
        /// <summary>One folder at a time, across instances: a fold that cannot take the lock row counts nothing and leaves the hits pending.</summary>
        [Fact]
        public async Task WhileAnotherInstanceFolds_AFoldCountsNothing_AndSaysHowManyWait()
        {
            await using var world = await StartQuietAsync(DatabaseKind.MySql);
            var (campaignId, seeded) = await world.AddLaterRowsAsync(2, T1);
            var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
            using var connection = store.Connect();
            store.Append(connection, [.. seeded.Select(r => new TrackingHit(new TrackedDelivery(r.Id, campaignId, Channel.Email), TrackingEventKind.Open, T1))]);

            await using var other = await world.ContextAsync();
            await using (var folding = await other.Database.BeginTransactionAsync())
            {
                Assert.Equal(1, await other.Database.SqlQueryRaw<int>("SELECT 1 AS Value FROM SystemSettings WHERE `Key` = {0} FOR UPDATE", TrackingBatchStore.FoldLockKey).SingleAsync());
                var standingBy = store.Fold(connection, 1000, [], T1);
                Assert.Equal((false, 0, 2), (standingBy.Leading, standingBy.Folded, standingBy.Waiting));
                await folding.RollbackAsync();
            }

            var folded = store.Fold(connection, 1000, [], T1);
            Assert.Equal((true, 2, 0), (folded.Leading, folded.Folded, folded.Waiting));
            Assert.Equal(2L, (await world.App.Services.GetRequiredService<ICampaignMetrics>().GetAsync(campaignId))!.Total.UniqueOpens);
        }
    }

    private static readonly DateTime T1 = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T2 = T1.AddHours(1);
    private static readonly DateTime T3 = T1.AddHours(2);

    /// <summary>
    /// The app with its own folder done with its first look and then not looking for a minute: the test appends and folds
    /// through the store itself (nothing it appends is announced to the folder).
    /// </summary>
    private static async Task<EngineWorld> StartQuietAsync(DatabaseKind kind)
    {
        var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Tracking:FoldIntervalMilliseconds"] = "60000" });
        await world.App.Services.GetRequiredService<TrackingHitFolder>().CaughtUpAsync();
        return world;
    }

    [Fact]
    public async Task BatchesOfMixedHits_OnNewAndKnownMessages_AddUpPerMessage_AndUniquesCountOnce()
    {
        await using var world = await StartQuietAsync(kind);
        var (campaignId, seeded) = await world.AddLaterRowsAsync(6, T1);
        var d = seeded.ConvertAll(r => r.Id);
        var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
        using var connection = store.Connect();
        var recentClicks = new Dictionary<long, (DateTime At, int Link)>();
        TrackingHit Hit(int i, TrackingEventKind kind, DateTime at, int link = TrackedDelivery.NoLink) =>
            new(new TrackedDelivery(d[i], campaignId, Channel.Email, link), kind, at) { UserAgent = "Mozilla/5.0 (Windows NT 10.0)" };
        void Write(TrackingHit[] hits, DateTime now)
        {
            store.Append(connection, hits);
            var folded = store.Fold(connection, 1000, recentClicks, now);
            Assert.Equal((true, hits.Length, 0), (folded.Leading, folded.Folded, folded.Waiting));
        }

        // Every message new: one insert.
        Write([
            Hit(0, TrackingEventKind.Open, T1), Hit(0, TrackingEventKind.Open, T1.AddMinutes(1)),
            Hit(1, TrackingEventKind.Open, T1) with { IsAutomated = true },
            Hit(2, TrackingEventKind.Click, T1, link: 0),
            Hit(3, TrackingEventKind.Conversion, T1) with { Name = "order", Value = 12.5m, Currency = "EUR" },
        ], T1);

        // Known messages with different amounts per column (some listed one by one), and a new one (d4).
        Write([
            Hit(0, TrackingEventKind.Click, T2, link: 1), Hit(0, TrackingEventKind.Open, T2),
            Hit(1, TrackingEventKind.Open, T2.AddSeconds(5)),
            Hit(2, TrackingEventKind.Click, T2, link: 0), Hit(2, TrackingEventKind.Click, T2.AddMinutes(1), link: 0),
            Hit(2, TrackingEventKind.Conversion, T2) with { Name = "order", Value = 3m },
            Hit(3, TrackingEventKind.Unsubscribe, T2), Hit(3, TrackingEventKind.Conversion, T2.AddSeconds(1)) with { Name = "order", Value = 1.25m },
            Hit(4, TrackingEventKind.Open, T2),
        ], T2);

        // Known messages that all add the same: one amount for every row.
        Write([Hit(0, TrackingEventKind.Open, T3), Hit(1, TrackingEventKind.Open, T3)], T3);

        await using var db = await world.ContextAsync();
        var rows = await db.DeliveryEngagements.Where(e => e.CampaignId == campaignId).ToDictionaryAsync(e => e.DeliveryId);
        Assert.Equal(5, rows.Count);
        Assert.DoesNotContain(d[5], rows.Keys);
        Assert.Equal(new Expected(T1, T2, null, null, 4, 0, 1, 0, 0, 0m, T3), Expected.Of(rows[d[0]]));
        Assert.Equal(new Expected(T2.AddSeconds(5), null, null, null, 2, 1, 0, 0, 0, 0m, T3), Expected.Of(rows[d[1]]));
        Assert.Equal(new Expected(T1, T1, T2, null, 0, 0, 3, 0, 1, 3m, T2), Expected.Of(rows[d[2]]));
        Assert.Equal(new Expected(null, null, T1, T2, 0, 0, 0, 0, 2, 13.75m, T2), Expected.Of(rows[d[3]]));
        Assert.Equal(new Expected(T2, null, null, null, 1, 0, 0, 0, 0, 0m, T2), Expected.Of(rows[d[4]]));
        Assert.All(rows.Values, e => Assert.Equal((campaignId, Channel.Email), (e.CampaignId, e.Channel)));

        var total = (await world.App.Services.GetRequiredService<ICampaignMetrics>().GetAsync(campaignId))!.Total;
        Assert.Equal((4L, 7L, 1L), (total.UniqueOpens, total.Opens, total.AutomatedOpens));
        Assert.Equal((2L, 4L), (total.UniqueClicks, total.Clicks));
        Assert.Equal((2L, 16.75m, 1L), (total.Conversions, total.ConversionValue, total.Unsubscribes));
        Assert.Equal(16, await db.TrackingEvents.CountAsync(e => e.CampaignId == campaignId));
    }

    [Fact]
    public async Task HitsOfAMessageThatNoLongerExists_AreDropped_AndLeaveNothingPending()
    {
        await using var world = await StartQuietAsync(kind);
        var (campaignId, seeded) = await world.AddLaterRowsAsync(1, T1);
        var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
        using var connection = store.Connect();
        var erased = seeded[0].Id + 1000;

        store.Append(connection, [
            new TrackingHit(new TrackedDelivery(seeded[0].Id, campaignId, Channel.Email), TrackingEventKind.Open, T1),
            new TrackingHit(new TrackedDelivery(erased, campaignId, Channel.Email), TrackingEventKind.Open, T1),
            // A token of another campaign's message: the message exists, but not in the campaign the token names.
            new TrackingHit(new TrackedDelivery(seeded[0].Id, campaignId + 1, Channel.Email), TrackingEventKind.Open, T1),
        ]);
        var folded = store.Fold(connection, 1000, [], T1);

        Assert.Equal((true, 3, 0), (folded.Leading, folded.Folded, folded.Waiting));
        Assert.Equal([campaignId], folded.Campaigns);
        await using var db = await world.ContextAsync();
        Assert.Equal(0, await db.PendingHits.CountAsync());
        Assert.Equal([seeded[0].Id], await db.TrackingEvents.Select(e => e.DeliveryId).ToListAsync());
    }

    [Fact]
    public async Task AFoldTakesTheOldestPendingHits_UpToItsSize_AndTheNextOneTheRest()
    {
        await using var world = await StartQuietAsync(kind);
        var (campaignId, seeded) = await world.AddLaterRowsAsync(3, T1);
        var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
        using var connection = store.Connect();
        store.Append(connection, [.. seeded.Select((r, i) => new TrackingHit(new TrackedDelivery(r.Id, campaignId, Channel.Email), TrackingEventKind.Open, T1.AddMinutes(i)))]);
        store.Append(connection, [new TrackingHit(new TrackedDelivery(seeded[0].Id, campaignId, Channel.Email), TrackingEventKind.Open, T2)]);

        var first = store.Fold(connection, 2, [], T2);
        var second = store.Fold(connection, 2, [], T2);
        var third = store.Fold(connection, 2, [], T2);

        Assert.Equal([2, 2, 0], new[] { first.Folded, second.Folded, third.Folded });
        await using var db = await world.ContextAsync();
        Assert.Equal([T1, T1.AddMinutes(1), T1.AddMinutes(2), T2], await db.TrackingEvents.OrderBy(e => e.Id).Select(e => e.OccurredUtc).ToListAsync());
        var total = (await world.App.Services.GetRequiredService<ICampaignMetrics>().GetAsync(campaignId))!.Total;
        Assert.Equal((3L, 4L), (total.UniqueOpens, total.Opens));
    }

    /// <summary>Hits stored and never announced to this instance's folder (another instance's, or left by a crash) are counted by its rounds.</summary>
    [Fact]
    public async Task PendingHitsNobodyAnnounced_AreCountedByTheFoldersNextRound()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Tracking:FoldIntervalMilliseconds"] = "200" });
        var (campaignId, seeded) = await world.AddLaterRowsAsync(2, T1);
        var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
        using (var connection = store.Connect())
        {
            store.Append(connection, [.. seeded.Select(r => new TrackingHit(new TrackedDelivery(r.Id, campaignId, Channel.Email), TrackingEventKind.Click, T1) { UserAgent = "Mozilla/5.0 (Windows NT 10.0)" })]);
        }

        var metrics = world.App.Services.GetRequiredService<ICampaignMetrics>();
        await world.WaitUntilAsync(async () => (await metrics.GetAsync(campaignId))!.Total.UniqueClicks == 2, seconds: 10, what: "the unannounced clicks counted");
        await using var db = await world.ContextAsync();
        Assert.Equal(0, await db.PendingHits.CountAsync());
    }

    private sealed record Expected(DateTime? FirstOpen, DateTime? FirstClick, DateTime? Converted, DateTime? Unsubscribed,
        int Opens, int AutomatedOpens, int Clicks, int AutomatedClicks, int Conversions, decimal ConversionValue, DateTime Updated)
    {
        public static Expected Of(DeliveryEngagement e) => new(e.FirstOpenUtc, e.FirstClickUtc, e.ConvertedUtc, e.UnsubscribedUtc,
            e.Opens, e.AutomatedOpens, e.Clicks, e.AutomatedClicks, e.Conversions, e.ConversionValue, e.UpdatedUtc);
    }
}
