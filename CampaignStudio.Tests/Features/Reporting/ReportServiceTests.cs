using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using static CampaignStudio.Tests.Features.Reporting.FixedCampaignMetrics;

namespace CampaignStudio.Tests.Features.Reporting;

/// <summary>
/// Reports on both providers: the campaigns that started sending in the period, filtered and grouped by channel (a
/// campaign on several channels split by its channels' figures), creator and segment (a campaign in several segments
/// counts in each), the volume by day, and who may see them.
/// </summary>
public abstract class ReportServiceTests(ReportingWorld world) : IAsyncLifetime
{
    public sealed class OnSqlite() : ReportServiceTests(new ReportingWorld.OnSqlite());

    public sealed class OnMySql() : ReportServiceTests(new ReportingWorld.OnMySql());

    private DateTime Now => world.Now;

    private ReportingPeriod Week => ReportingPeriod.LastDays(7, Now, TimeZoneInfo.Utc);

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Run_GroupByChannel_SplitsACampaignOnSeveralChannelsByItsChannelsFigures()
    {
        var sms = await world.AddAsync("SMS only", CampaignStatus.Completed, started: Now.AddDays(-1));
        var both = await world.AddAsync("SMS and push", CampaignStatus.Completed, started: Now.AddDays(-2), channels: CampaignChannels.Sms | CampaignChannels.Push);
        var old = await world.AddAsync("Last month", CampaignStatus.Completed, started: Now.AddDays(-40));
        world.Metrics.Set(sms, Figures(sent: 100, clicks: 10));
        world.Metrics.SetChannels(both, Figures(sent: 50, clicks: 5, channel: Channel.Sms), Figures(sent: 30, opens: 15, clicks: 3, channel: Channel.Push));
        world.Metrics.Set(old, Figures(sent: 999));

        var report = await RunAsync(new ReportQuery(Week) { GroupBy = ReportGrouping.Channel });

        Assert.Equal([sms, both], report.Rows.Select(r => r.CampaignId));
        Assert.Equal(
            [("Sms", "SMS", 2, 150L, 15L), ("Push", "Push", 1, 30L, 3L)],
            report.Groups.Select(g => (g.Key, g.Label, g.Totals.Campaigns, g.Totals.Sent, g.Totals.UniqueClicks)));
        Assert.Equal(0.5, report.Groups[1].Totals.OpenRate!.Value, 9);
        Assert.Equal((2, 180L), (report.Total.Campaigns, report.Total.Sent));
        Assert.False(report.Truncated);
    }

    [Fact]
    public async Task Run_OneChannel_ShowsOnlyThatChannelsFigures()
    {
        var both = await world.AddAsync("SMS and push", CampaignStatus.Completed, started: Now.AddDays(-2), channels: CampaignChannels.Sms | CampaignChannels.Push);
        await world.AddAsync("SMS only", CampaignStatus.Completed, started: Now.AddDays(-1));
        world.Metrics.SetChannels(both, Figures(sent: 50, channel: Channel.Sms), Figures(sent: 30, channel: Channel.Push));

        var report = await RunAsync(new ReportQuery(Week) { Channel = Channel.Push });

        var row = Assert.Single(report.Rows);
        Assert.Equal((both, 30L, Channel.Push), (row.CampaignId, row.Metrics.Sent, row.Metrics.Channel));
    }

    [Fact]
    public async Task Run_GroupByCreator_AddsUpEachCreatorsCampaigns()
    {
        var a = await world.AddAsync("Rohan 1", CampaignStatus.Completed, started: Now.AddDays(-1));
        var b = await world.AddAsync("Rohan 2", CampaignStatus.Sending, started: Now.AddHours(-1));
        var c = await world.AddAsync("Priya", CampaignStatus.Completed, started: Now.AddDays(-3), creator: ReportingWorld.Priya);
        world.Metrics.Set(a, Figures(sent: 10, opens: 5));
        world.Metrics.Set(b, Figures(sent: 30, opens: 5));
        world.Metrics.Set(c, Figures(sent: 7, conversions: 2, value: 19.98m));

        var report = await RunAsync(new ReportQuery(Week) { GroupBy = ReportGrouping.Creator });
        var priyaOnly = await RunAsync(new ReportQuery(Week) { CreatedById = ReportingWorld.Priya.Id });

        Assert.Equal(
            [("Priya Nair", 1, 7L, 19.98m), ("Rohan Mehta", 2, 40L, 0m)],
            report.Groups.Select(g => (g.Label, g.Totals.Campaigns, g.Totals.Sent, g.Totals.ConversionValue)));
        Assert.Equal(0.25, report.Groups[1].Totals.OpenRate!.Value, 9);
        Assert.Equal([c], priyaOnly.Rows.Select(r => r.CampaignId));
    }

    [Fact]
    public async Task Run_GroupBySegment_ACampaignInTwoSegmentsCountsInEach()
    {
        var dealers = await world.AddAsync("Dealers", CampaignStatus.Completed, started: Now.AddDays(-1), segments: [world.World.Dealers]);
        var both = await world.AddAsync("Dealers and retail", CampaignStatus.Completed, started: Now.AddDays(-2), segments: [world.World.Dealers, world.World.Retail]);
        world.Metrics.Set(dealers, Figures(sent: 10));
        world.Metrics.Set(both, Figures(sent: 5));

        var report = await RunAsync(new ReportQuery(Week) { GroupBy = ReportGrouping.Segment });
        var retailOnly = await RunAsync(new ReportQuery(Week) { SegmentId = world.World.Retail });

        Assert.Equal([("Dealers", 2, 15L), ("Retail", 1, 5L)], report.Groups.Select(g => (g.Label, g.Totals.Campaigns, g.Totals.Sent)));
        Assert.Equal((2, 15L), (report.Total.Campaigns, report.Total.Sent));
        Assert.Equal([both], retailOnly.Rows.Select(r => r.CampaignId));
    }

    [Fact]
    public async Task Run_Volume_IsByTheDayCampaignsStarted()
    {
        var a = await world.AddAsync("Monday", CampaignStatus.Completed, started: Now.AddHours(-2));
        var b = await world.AddAsync("Also Monday", CampaignStatus.Completed, started: Now.AddHours(-1));
        var c = await world.AddAsync("Saturday", CampaignStatus.Completed, started: Now.AddDays(-2));
        world.Metrics.Set(a, Figures(sent: 10, opens: 1));
        world.Metrics.Set(b, Figures(sent: 20, opens: 2));
        world.Metrics.Set(c, Figures(sent: 5));

        var report = await RunAsync(new ReportQuery(Week));

        Assert.Equal(7, report.Volume.Count);
        Assert.Equal((new DateOnly(2026, 6, 1), 30L, 3L), (report.Volume[6].Day, report.Volume[6].Sent, report.Volume[6].UniqueOpens));
        Assert.Equal(5L, report.Volume[4].Sent);
        Assert.Empty(report.Groups);
    }

    [Fact]
    public async Task Run_Approver_IsRefusedAndAnalystAllowed()
    {
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => world.AsAsync<ReportService, CampaignReport>(ReportingWorld.ApproverEmail, s => s.RunAsync(new ReportQuery(Week))));
        Assert.Equal("You are not allowed to see reports (Admin, Campaign manager or Analyst).", refused.Message);

        var report = await world.AsAsync<ReportService, CampaignReport>(CampaignWorld.AnalystEmail, s => s.RunAsync(new ReportQuery(Week)));
        Assert.Empty(report.Rows);
    }

    private Task<CampaignReport> RunAsync(ReportQuery query) => world.AsAsync<ReportService, CampaignReport>(CampaignWorld.ManagerEmail, s => s.RunAsync(query));
}
