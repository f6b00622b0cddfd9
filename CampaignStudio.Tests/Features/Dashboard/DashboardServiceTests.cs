using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Dashboard;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.Features.Reporting;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Reporting.FixedCampaignMetrics;

namespace CampaignStudio.Tests.Features.Dashboard;

/// <summary>
/// The dashboard's reads on both providers: next scheduled soonest first, sending and paused with their ledger's
/// progress, recently finished newest first with their figures, and KPIs over whole days of the viewer's zone against
/// the period before.
/// </summary>
public abstract class DashboardServiceTests(ReportingWorld world) : IAsyncLifetime
{
    public sealed class OnSqlite() : DashboardServiceTests(new ReportingWorld.OnSqlite());

    public sealed class OnMySql() : DashboardServiceTests(new ReportingWorld.OnMySql());

    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private DateTime Now => world.Now;

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Lists_NextScheduled_SoonestFirstOnlyScheduledWithTheirAudience()
    {
        for (var i = 7; i >= 1; i--)
        {
            await world.ScheduledAsync($"In {i} hours", Now.AddHours(i), audience: i * 100);
        }

        await world.AddAsync("A draft", CampaignStatus.Draft);
        await world.AddAsync("Sending", CampaignStatus.Sending, started: Now.AddMinutes(-5));

        var lists = await ListsAsync();

        Assert.Equal(["In 1 hours", "In 2 hours", "In 3 hours", "In 4 hours", "In 5 hours"], lists.NextScheduled.Select(c => c.Name));
        Assert.Equal(7, lists.ScheduledCount);
        Assert.Equal(Now.AddHours(1), lists.NextScheduled[0].ScheduledForUtc);
        Assert.Equal(100, lists.NextScheduled[0].EstimatedAudience);
        Assert.Equal(CampaignChannels.Sms, lists.NextScheduled[0].Channels);
    }

    [Fact]
    public async Task Lists_InProgress_SendingAndPausedLongestRunningFirstWithLedgerProgress()
    {
        var paused = await world.AddAsync("Paused", CampaignStatus.Paused, started: Now.AddHours(-2));
        var sending = await world.AddAsync("Sending", CampaignStatus.Sending, started: Now.AddMinutes(-10));
        await world.AddAsync("Done", CampaignStatus.Completed, started: Now.AddHours(-3), finished: Now.AddHours(-1));
        await using (var db = await world.ContextAsync())
        {
            var sent = new DeliveryRecord(sending, 1, Channel.Sms, Now.AddMinutes(-10), Now.AddMinutes(-10));
            sent.Claim(Guid.NewGuid(), "test", Now.AddMinutes(2), Now.AddMinutes(-1));
            sent.MarkSent("Twilio", "SM1", Now.AddMinutes(-1));
            db.Deliveries.AddRange(sent, new DeliveryRecord(sending, 2, Channel.Sms, Now.AddMinutes(-10), Now.AddMinutes(-10)));
            await db.SaveChangesAsync();
        }

        var lists = await ListsAsync();

        Assert.Equal([paused, sending], lists.InProgress.Select(c => c.Campaign.Id));
        Assert.Equal(2, lists.InProgressCount);
        Assert.Null(lists.InProgress[0].Progress);
        var progress = lists.InProgress[1].Progress!;
        Assert.Equal((1, 2), (progress.Counts.Done, progress.Counts.Total));
    }

    [Fact]
    public async Task Lists_RecentlySent_NewestFinishedFirstWithTheirFigures()
    {
        var older = await world.AddAsync("Older", CampaignStatus.Completed, started: Now.AddDays(-5), finished: Now.AddDays(-5).AddHours(1));
        var stopped = await world.AddAsync("Stopped", CampaignStatus.Stopped, started: Now.AddHours(-3), finished: Now.AddHours(-1));
        var failed = await world.AddAsync("Failed", CampaignStatus.Failed, started: Now.AddHours(-4), finished: Now.AddHours(-2));
        var done = await world.AddAsync("Done", CampaignStatus.Completed, started: Now.AddHours(-6), finished: Now.AddHours(-5));
        for (var i = 0; i < 3; i++)
        {
            await world.AddAsync($"Old {i}", CampaignStatus.Completed, started: Now.AddDays(-30 - i), finished: Now.AddDays(-30 - i).AddHours(1));
        }

        await world.AddAsync("Still sending", CampaignStatus.Sending, started: Now.AddMinutes(-1));
        world.Metrics.Set(done, Figures(sent: 200, opens: 80, clicks: 20, conversions: 5));

        var lists = await ListsAsync();

        Assert.Equal([stopped, failed, done, older], lists.RecentlySent.Take(4).Select(c => c.Campaign.Id));
        Assert.Equal(DashboardService.ListSize, lists.RecentlySent.Count);
        var figures = lists.RecentlySent[2].Metrics!;
        Assert.Equal((200, 0.4, 0.1, 5L), (figures.Sent, figures.OpenRate!.Value, figures.ClickRate!.Value, figures.Conversions));
        Assert.Null(lists.RecentlySent[0].Metrics);
    }

    [Fact]
    public async Task Kpis_LastSevenDays_AddUpCampaignsThatStartedInThePeriodAgainstTheWeekBefore()
    {
        // Today is Monday 1 June; the last 7 days are 26 May to 1 June (UTC), the week before 19 to 25 May.
        var first = await world.AddAsync("First day", CampaignStatus.Completed, started: new DateTime(2026, 5, 26, 0, 0, 0, DateTimeKind.Utc));
        var today = await world.AddAsync("Today", CampaignStatus.Sending, started: Now.AddHours(-1));
        var lastOfBefore = await world.AddAsync("Day before", CampaignStatus.Completed, started: new DateTime(2026, 5, 25, 23, 59, 0, DateTimeKind.Utc));
        var firstOfBefore = await world.AddAsync("Week before", CampaignStatus.Completed, started: new DateTime(2026, 5, 19, 0, 0, 0, DateTimeKind.Utc));
        var tooOld = await world.AddAsync("Too old", CampaignStatus.Completed, started: new DateTime(2026, 5, 18, 23, 0, 0, DateTimeKind.Utc));
        await world.ScheduledAsync("Tomorrow", Now.AddDays(1));
        world.Metrics.Set(first, Figures(sent: 100, opens: 50, clicks: 10, conversions: 4, value: 40m, unsubscribes: 1));
        world.Metrics.Set(today, Figures(sent: 300, opens: 30, clicks: 30, conversions: 0, unsubscribes: 3, failed: 7));
        world.Metrics.Set(lastOfBefore, Figures(sent: 100, opens: 20, clicks: 5));
        world.Metrics.Set(firstOfBefore, Figures(sent: 100, opens: 20, clicks: 5, conversions: 2));
        world.Metrics.Set(tooOld, Figures(sent: 9999, opens: 9999));

        var kpis = await KpisAsync(ReportingPeriod.LastDays(7, Now, TimeZoneInfo.Utc));

        Assert.Equal(new DateTime(2026, 5, 26, 0, 0, 0, DateTimeKind.Utc), kpis.Period.FromUtc);
        Assert.Equal(new DateTime(2026, 6, 2, 0, 0, 0, DateTimeKind.Utc), kpis.Period.ToUtc);
        var now = kpis.Current;
        Assert.Equal((2, 400L, 80L, 40L, 4L, 40m, 4L, 7L), (now.Campaigns, now.Sent, now.UniqueOpens, now.UniqueClicks, now.Conversions, now.ConversionValue, now.Unsubscribes, now.Failed));
        Assert.Equal(0.2, now.OpenRate!.Value, 6);
        Assert.Equal(0.1, now.ClickRate!.Value, 6);
        Assert.Equal(0.01, now.UnsubscribeRate!.Value, 6);
        var before = kpis.Previous;
        Assert.Equal((2, 200L, 40L, 2L), (before.Campaigns, before.Sent, before.UniqueOpens, before.Conversions));

        Assert.Equal(7, kpis.Trend.Count);
        Assert.Equal(new DateOnly(2026, 5, 26), kpis.Trend[0].Day);
        Assert.Equal((1, 100L, 50L), (kpis.Trend[0].Campaigns, kpis.Trend[0].Sent, kpis.Trend[0].UniqueOpens));
        Assert.Equal((1, 300L), (kpis.Trend[6].Campaigns, kpis.Trend[6].Sent));
        Assert.All(kpis.Trend.Skip(1).Take(5), p => Assert.Equal(0, p.Campaigns));
    }

    [Fact]
    public async Task Kpis_ViewersZone_DecidesOnWhichDayACampaignStarted()
    {
        // 25 May 19:00 UTC is already 26 May 00:30 in India: in the last 7 days there, in the week before in UTC.
        var id = await world.AddAsync("Midnight in India", CampaignStatus.Completed, started: new DateTime(2026, 5, 25, 19, 0, 0, DateTimeKind.Utc));
        world.Metrics.Set(id, Figures(sent: 10));

        var india = await KpisAsync(ReportingPeriod.LastDays(7, Now, Kolkata));
        var utc = await KpisAsync(ReportingPeriod.LastDays(7, Now, TimeZoneInfo.Utc));

        Assert.Equal((1, 0), (india.Current.Campaigns, india.Previous.Campaigns));
        Assert.Equal(new DateOnly(2026, 5, 26), india.Trend.Single(p => p.Campaigns == 1).Day);
        Assert.Equal((0, 1), (utc.Current.Campaigns, utc.Previous.Campaigns));
    }

    [Fact]
    public async Task Kpis_NoCampaigns_AreZerosWithoutRates()
    {
        var kpis = await KpisAsync(ReportingPeriod.LastDays(30, Now, TimeZoneInfo.Utc));

        Assert.Equal(0, kpis.Current.Campaigns);
        Assert.Null(kpis.Current.OpenRate);
        Assert.Equal(30, kpis.Trend.Count);
    }

    [Fact]
    public async Task Lists_NotSignedInWithARole_IsRefused()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => world.App.ScopeFor(new System.Security.Claims.ClaimsPrincipal()).ServiceProvider.GetRequiredService<DashboardService>().ListsAsync());
    }

    private Task<DashboardLists> ListsAsync() => world.AsAsync<DashboardService, DashboardLists>(CampaignWorld.AnalystEmail, s => s.ListsAsync());

    private Task<DashboardKpis> KpisAsync(ReportingPeriod period) => world.AsAsync<DashboardService, DashboardKpis>(CampaignWorld.AnalystEmail, s => s.KpisAsync(period));
}
