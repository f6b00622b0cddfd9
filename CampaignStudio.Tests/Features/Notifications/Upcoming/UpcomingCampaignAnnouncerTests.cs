using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Notifications.Upcoming;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Notifications.NotificationWorld;

namespace CampaignStudio.Tests.Features.Notifications.Upcoming;

/// <summary>
/// "Starting soon" with a stopped clock (now: 1 June 2026 12:00 UTC) and the default lead times (24 h, 1 h): each lead
/// time once, at its time and not before, again for a new time, never for an unscheduled campaign, once whatever the
/// number of scans, restarts or instances.
/// </summary>
public abstract class UpcomingCampaignAnnouncerTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : UpcomingCampaignAnnouncerTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : UpcomingCampaignAnnouncerTests(DatabaseKind.MySql);

    /// <summary>3 June 2026 12:00 UTC: 48 hours after the world's now.</summary>
    private static readonly DateTime SendTime = new(2026, 6, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Announce_24HoursAnd1HourBefore_FiresEachOnceAtItsTime_NotBefore_NotAgainAfterARestart()
    {
        await using var world = await StartAsync(kind);
        var campaignId = await ScheduleAsync(world, SendTime);
        var announcer = Announcer(world);

        Assert.Equal(0, await announcer.AnnounceAsync(CancellationToken.None));
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await announcer.AnnounceAsync(CancellationToken.None));
        Assert.Empty(await world.RowsAsync());

        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(24));
        Assert.Equal(1, await announcer.AnnounceAsync(CancellationToken.None));
        var dayKey = UpcomingCampaignAnnouncer.KeyFor(campaignId, SendTime, TimeSpan.FromHours(24));
        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync(dayKey));
        var row = (await world.RowsAsync()).First(r => r.UserId == world.Id(Max));
        Assert.Equal((NotificationKind.Upcoming, campaignId, "Spring sale starts within 24 hours"), (row.Kind, row.CampaignId, row.Title));
        Assert.Contains("2026-06-03 12:00 UTC", row.Message);

        // Later scans, a restarted app and a second instance find it announced.
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(12));
        Assert.Equal(0, await announcer.AnnounceAsync(CancellationToken.None));
        var restarted = Announcer(world);
        var other = Announcer(world);
        var again = await Task.WhenAll(restarted.AnnounceAsync(CancellationToken.None), other.AnnounceAsync(CancellationToken.None));
        Assert.Equal([0, 0], again);
        Assert.Equal(3, (await world.RowsAsync()).Count);

        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await announcer.AnnounceAsync(CancellationToken.None));
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(1));
        Assert.Equal(1, await restarted.AnnounceAsync(CancellationToken.None));
        var hourKey = UpcomingCampaignAnnouncer.KeyFor(campaignId, SendTime, TimeSpan.FromHours(1));
        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync(hourKey));
        Assert.Contains((await world.RowsAsync()), r => r.Key == hourKey && r.Title == "Spring sale starts within 1 hour");

        // At its time it is due, not upcoming: nothing more.
        await AdvanceToAsync(world, SendTime);
        Assert.Equal(0, await announcer.AnnounceAsync(CancellationToken.None));
        Assert.Equal(6, (await world.RowsAsync()).Count);
        Assert.Equal(2, await world.UnreadAsync(Max));
    }

    [Fact]
    public async Task Announce_TwoInstancesAtTheSameMoment_TellEachPersonOnce()
    {
        await using var world = await StartAsync(kind);
        await ScheduleAsync(world, SendTime);
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(20));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Announcer(world).AnnounceAsync(CancellationToken.None)));

        Assert.Equal(People(Ada, Adi, Max), await world.ToldAsync());
    }

    [Fact]
    public async Task Announce_Rescheduled_AnnouncesTheNewTimeAgain()
    {
        await using var world = await StartAsync(kind);
        var campaignId = await ScheduleAsync(world, SendTime);
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(24));
        await Announcer(world).AnnounceAsync(CancellationToken.None);

        var later = SendTime.AddHours(6);
        await RescheduleAsync(world, campaignId, later);
        Assert.Equal(0, await Announcer(world).AnnounceAsync(CancellationToken.None));
        await AdvanceToAsync(world, later - TimeSpan.FromHours(24));
        Assert.Equal(1, await Announcer(world).AnnounceAsync(CancellationToken.None));

        var keys = (await world.RowsAsync()).Where(r => r.UserId == world.Id(Max)).Select(r => r.Key).ToList();
        Assert.Equal([UpcomingCampaignAnnouncer.KeyFor(campaignId, SendTime, TimeSpan.FromHours(24)), UpcomingCampaignAnnouncer.KeyFor(campaignId, later, TimeSpan.FromHours(24))], keys);
        Assert.Contains("2026-06-03 18:00 UTC", (await world.RowsAsync()).Last().Message);
    }

    [Fact]
    public async Task Announce_Unscheduled_TellsNobody()
    {
        await using var world = await StartAsync(kind);
        var campaignId = await ScheduleAsync(world, SendTime);
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(25));
        await CampaignWorld.AsManagerAsync(world.App, s => s.UnscheduleAsync(campaignId));

        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(24));
        Assert.Equal(0, await Announcer(world).AnnounceAsync(CancellationToken.None));
        await AdvanceToAsync(world, SendTime - TimeSpan.FromMinutes(30));
        Assert.Equal(0, await Announcer(world).AnnounceAsync(CancellationToken.None));

        Assert.Empty(await world.RowsAsync());
    }

    [Fact]
    public async Task Announce_ScheduledInsideTheLastHour_SaysOnlyTheTightestLeadTime()
    {
        await using var world = await StartAsync(kind);
        var soon = world.Clock.GetUtcNow().UtcDateTime.AddMinutes(40);
        var campaignId = await ScheduleAsync(world, soon);

        Assert.Equal(1, await Announcer(world).AnnounceAsync(CancellationToken.None));

        Assert.All(await world.RowsAsync(), r => Assert.Equal(UpcomingCampaignAnnouncer.KeyFor(campaignId, soon, TimeSpan.FromHours(1)), r.Key));
    }

    [Fact]
    public async Task Announce_PersonTurnedStartingSoonOff_IsNotTold()
    {
        await using var world = await StartAsync(kind);
        await world.AsAsync(Adi, s => s.SetPreferenceAsync(NotificationKind.Upcoming, inApp: false, byEmail: false));
        await world.AsAsync(Ann, s => s.FollowAsync(world.CampaignId));
        await ScheduleAsync(world, SendTime, world.CampaignId);
        await AdvanceToAsync(world, SendTime - TimeSpan.FromHours(2));

        await Announcer(world).AnnounceAsync(CancellationToken.None);

        Assert.Equal(People(Ada, Ann, Max), await world.ToldAsync());
    }

    [Theory]
    [InlineData(60, "1 hour")]
    [InlineData(1440, "24 hours")]
    [InlineData(30, "30 minutes")]
    [InlineData(90, "1 hour and 30 minutes")]
    [InlineData(4320, "3 days")]
    public void Describe_LeadTime_InWords(int minutes, string expected) =>
        Assert.Equal(expected, UpcomingCampaignAnnouncer.Describe(TimeSpan.FromMinutes(minutes)));

    private static UpcomingCampaignAnnouncer Announcer(NotificationWorld world) => ActivatorUtilities.CreateInstance<UpcomingCampaignAnnouncer>(world.App.Services);

    private static Task AdvanceToAsync(NotificationWorld world, DateTime utc)
    {
        world.Clock.SetUtcNow(new DateTimeOffset(utc));
        return Task.CompletedTask;
    }

    /// <summary>A complete SMS campaign by Max, scheduled for <paramref name="atUtc"/> (the world's own draft when given, else a new "Spring sale").</summary>
    private static async Task<int> ScheduleAsync(NotificationWorld world, DateTime atUtc, int? draftId = null)
    {
        var seeded = await CampaignWorld.SeedAsync(world.App);
        return await CampaignWorld.AsManagerAsync(world.App, async s =>
        {
            var draft = draftId is { } id ? await s.GetAsync(id) : await s.CreateDraftAsync(new CampaignBasicsInput { Name = "Spring sale" });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [seeded.Dealers] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, CampaignWorld.SmsContent("Spring prices until Sunday."), draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, At(atUtc), draft.Revision, 3);
            return (await s.ScheduleAsync(draft.Id, draft.Revision)).Id;
        });
    }

    private static async Task RescheduleAsync(NotificationWorld world, int campaignId, DateTime atUtc) =>
        await CampaignWorld.AsManagerAsync(world.App, async s =>
        {
            var current = await s.GetAsync(campaignId);
            return await s.SaveScheduleAsync(campaignId, At(atUtc), current.Revision, 3);
        });

    private static CampaignScheduleInput At(DateTime utc) => new()
    {
        Kind = CampaignScheduleKind.At,
        Date = utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Time = utc.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = "Etc/UTC",
    };
}
