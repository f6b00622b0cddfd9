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

    public sealed class OnMySql() : TrackingBatchStoreTests(DatabaseKind.MySql);

    private static readonly DateTime T1 = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T2 = T1.AddHours(1);
    private static readonly DateTime T3 = T1.AddHours(2);

    [Fact]
    public async Task BatchesOfMixedHits_OnNewAndKnownMessages_AddUpPerMessage_AndUniquesCountOnce()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        var (campaignId, seeded) = await world.AddLaterRowsAsync(6, T1);
        var d = seeded.ConvertAll(r => r.Id);
        var store = world.App.Services.GetRequiredService<TrackingBatchStore>();
        using var connection = store.Connect();
        var recentClicks = new Dictionary<long, (DateTime At, int Link)>();
        TrackingHit Hit(int i, TrackingEventKind kind, DateTime at, int link = TrackedDelivery.NoLink) =>
            new(new TrackedDelivery(d[i], campaignId, Channel.Email, link), kind, at) { UserAgent = "Mozilla/5.0 (Windows NT 10.0)" };

        // Every message new: one insert.
        store.Write(connection, [
            Hit(0, TrackingEventKind.Open, T1), Hit(0, TrackingEventKind.Open, T1.AddMinutes(1)),
            Hit(1, TrackingEventKind.Open, T1) with { IsAutomated = true },
            Hit(2, TrackingEventKind.Click, T1, link: 0),
            Hit(3, TrackingEventKind.Conversion, T1) with { Name = "order", Value = 12.5m, Currency = "EUR" },
        ], recentClicks, T1);

        // Known messages with different amounts per column (some listed one by one), and a new one (d4).
        store.Write(connection, [
            Hit(0, TrackingEventKind.Click, T2, link: 1), Hit(0, TrackingEventKind.Open, T2),
            Hit(1, TrackingEventKind.Open, T2.AddSeconds(5)),
            Hit(2, TrackingEventKind.Click, T2, link: 0), Hit(2, TrackingEventKind.Click, T2.AddMinutes(1), link: 0),
            Hit(2, TrackingEventKind.Conversion, T2) with { Name = "order", Value = 3m },
            Hit(3, TrackingEventKind.Unsubscribe, T2), Hit(3, TrackingEventKind.Conversion, T2.AddSeconds(1)) with { Name = "order", Value = 1.25m },
            Hit(4, TrackingEventKind.Open, T2),
        ], recentClicks, T2);

        // Known messages that all add the same: one amount for every row.
        store.Write(connection, [Hit(0, TrackingEventKind.Open, T3), Hit(1, TrackingEventKind.Open, T3)], recentClicks, T3);

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

    private sealed record Expected(DateTime? FirstOpen, DateTime? FirstClick, DateTime? Converted, DateTime? Unsubscribed,
        int Opens, int AutomatedOpens, int Clicks, int AutomatedClicks, int Conversions, decimal ConversionValue, DateTime Updated)
    {
        public static Expected Of(DeliveryEngagement e) => new(e.FirstOpenUtc, e.FirstClickUtc, e.ConvertedUtc, e.UnsubscribedUtc,
            e.Opens, e.AutomatedOpens, e.Clicks, e.AutomatedClicks, e.Conversions, e.ConversionValue, e.UpdatedUtc);
    }
}
