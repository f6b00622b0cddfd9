using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Reporting.Pages;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.Features.Reporting;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static CampaignStudio.Tests.Features.Reporting.FixedCampaignMetrics;
using DashboardPage = CampaignStudio.Features.Dashboard.Pages.Dashboard;

namespace CampaignStudio.Tests.Components.Dashboard;

/// <summary>
/// The dashboard, the details page's metrics panel and the reports page against the real services on SQLite, with
/// fixed figures in place of tracking: they show those figures and their empty states, and when
/// <see cref="IDeliveryProgress.Changed"/> fires for a campaign they show its new figures without a reload; they let go
/// of the hub when they close.
/// </summary>
public sealed class LivePagesTests : BunitContextBase
{
    private readonly ReportingWorld world = new ReportingWorld.OnSqlite();
    private readonly CountingDeliveryProgress subscriptions = new();
    private AsyncServiceScope? scope;

    public LivePagesTests() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private DeliveryProgressHub Hub => world.App.Services.GetRequiredService<DeliveryProgressHub>();

    private DateTime Now => world.Now;

    [Fact]
    public async Task Dashboard_EmptyWorkspace_SaysWhatWillShowWhere()
    {
        var cut = RenderAs<DashboardPage>(CampaignWorld.ManagerEmail, Roles.CampaignManager);

        cut.WaitForAssertion(() => Assert.Contains("No campaigns scheduled", Text(cut, "next-scheduled")));
        Assert.Contains("Nothing sending", Text(cut, "in-progress"));
        Assert.Contains("No campaigns sent yet", Text(cut, "recently-sent"));
        Assert.Equal("0", Kpi(cut, "campaigns"));
        Assert.Equal("—", Kpi(cut, "open-rate"));
        Assert.Single(cut.FindAll("[data-testid=kpi-trend-empty]"));
    }

    [Fact]
    public async Task Dashboard_ShowsScheduledInProgressRecentAndKpis()
    {
        await world.ScheduledAsync("Monsoon sale", Now.AddHours(5), audience: 1234);
        var sending = await world.AddAsync("Diwali offer", CampaignStatus.Sending, started: Now.AddMinutes(-10));
        var done = await world.AddAsync("Holi greetings", CampaignStatus.Completed, started: Now.AddDays(-2), finished: Now.AddDays(-2).AddHours(1));
        world.Metrics.Set(done, Figures(sent: 2000, opens: 500, clicks: 100, conversions: 12, value: 1200m, unsubscribes: 4));

        var cut = RenderAs<DashboardPage>(CampaignWorld.AnalystEmail, Roles.Analyst);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=recent-row]")));
        var scheduled = cut.Find("[data-testid=scheduled-row]");
        Assert.Contains("Monsoon sale", scheduled.TextContent);
        Assert.Contains("2026-06-01 17:00 UTC · in 5 hours", scheduled.TextContent);
        Assert.Contains("about 1,234 contacts", scheduled.TextContent);
        Assert.Contains("SMS", scheduled.TextContent);
        Assert.Equal(sending.ToString(), cut.Find("[data-testid=progress-row]").GetAttribute("data-id"));
        Assert.Equal(("2,000", "25.0%", "5.0%", "12"), (Text(cut, "recent-sent"), Text(cut, "recent-open-rate"), Text(cut, "recent-click-rate"), Text(cut, "recent-conversions")));
        Assert.Equal(("2", "2,000", "25.0%", "5.0%", "12"), (Kpi(cut, "campaigns"), Kpi(cut, "sent"), Kpi(cut, "open-rate"), Kpi(cut, "click-rate"), Kpi(cut, "conversions")));
        Assert.Contains("worth 1,200.00", Text(cut, "kpi-conversions"));
        Assert.Equal("4", Kpi(cut, "unsubscribes"));
        Assert.Single(cut.FindAll("[data-testid=kpi-trend]"));
    }

    [Fact]
    public async Task Dashboard_ChangedFires_ShowsTheNewFiguresAndStateWithoutReload()
    {
        var id = await world.AddAsync("Diwali offer", CampaignStatus.Sending, started: Now.AddMinutes(-10));
        world.Metrics.Set(id, Figures(sent: 10, opens: 1));
        var cut = RenderAs<DashboardPage>(CampaignWorld.ManagerEmail, Roles.CampaignManager);
        cut.WaitForAssertion(() => Assert.Equal("10", Kpi(cut, "sent")));
        Assert.Single(cut.FindAll("[data-testid=progress-row]"));
        Assert.Equal(1, subscriptions.Active);

        // Elsewhere: more messages go out and get opened, then the engine completes the campaign and tells the hub.
        world.Metrics.Set(id, Figures(sent: 40, opens: 10));
        await using (var db = await world.ContextAsync())
        {
            (await db.Campaigns.FindAsync(id))!.MarkCompleted(Now);
            await db.SaveChangesAsync();
        }

        await ChangedAsync(id);

        await UntilAsync(() => Assert.Equal("40", Kpi(cut, "sent")));
        Assert.Equal("25.0%", Kpi(cut, "open-rate"));
        Assert.Empty(cut.FindAll("[data-testid=progress-row]"));
        Assert.Equal("40", Text(cut, "recent-sent"));

        await DisposeComponentsAsync();
        Assert.Equal(0, subscriptions.Active);
    }

    [Fact]
    public async Task Dashboard_PeriodOfSevenDays_LeavesOutOlderCampaigns()
    {
        var old = await world.AddAsync("Three weeks ago", CampaignStatus.Completed, started: Now.AddDays(-20));
        world.Metrics.Set(old, Figures(sent: 500));
        var cut = RenderAs<DashboardPage>(CampaignWorld.ManagerEmail, Roles.CampaignManager);
        cut.WaitForAssertion(() => Assert.Equal("500", Kpi(cut, "sent")));

        cut.Find("[data-testid=period-7]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0", Kpi(cut, "sent")));
        Assert.Contains("2026-05-26 – 2026-06-01", Text(cut, "kpi-period"));
    }

    [Fact]
    public async Task MetricsPanel_ShowsTilesChannelsLinksAndFollowsItsCampaignOnly()
    {
        var id = await world.AddAsync("Diwali offer", CampaignStatus.Sending, started: Now.AddHours(-2), channels: CampaignChannels.Sms | CampaignChannels.Push);
        var other = await world.AddAsync("Other", CampaignStatus.Sending, started: Now.AddHours(-1));
        SetPanelFigures(id, smsSent: 100);
        var cut = RenderPanel(id);
        cut.WaitForAssertion(() => Assert.Equal("130", Tile(cut, "sent")));

        Assert.Equal(("200", "40", "25", "10"), (Tile(cut, "audience"), Tile(cut, "opens"), Tile(cut, "clicks"), Tile(cut, "conversions")));
        Assert.Contains("30.8% open rate", Text(cut, "metric-opens"));
        Assert.Equal("62.5%", Tile(cut, "cto"));
        Assert.Contains("worth 250.00", Text(cut, "metric-conversions"));
        Assert.Contains("3 automated opens", Text(cut, "metrics-automated"));
        Assert.Equal(["Sms", "Push"], cut.FindAll("[data-testid=metrics-channel]").Select(r => r.GetAttribute("data-channel")));
        Assert.Equal(["https://acme.example/offer", "https://acme.example/stores"], cut.FindAll("[data-testid=metrics-link] td:first-child").Select(c => c.TextContent));
        Assert.Single(cut.FindAll("[data-testid=metrics-series]"));

        SetPanelFigures(id, smsSent: 170);
        await ChangedAsync(other);
        await Task.Delay(300);
        Assert.Equal("130", Tile(cut, "sent"));

        await ChangedAsync(id);
        await UntilAsync(() => Assert.Equal("200", Tile(cut, "sent")));
        Assert.Equal("170", cut.FindAll("[data-testid=channel-sent]")[0].TextContent);

        await DisposeComponentsAsync();
        Assert.Equal(0, subscriptions.Active);
    }

    [Fact]
    public async Task MetricsPanel_NothingSentYet_SaysSo()
    {
        var id = await world.ScheduledAsync("Tomorrow", Now.AddDays(1));

        var cut = RenderPanel(id);

        cut.WaitForAssertion(() => Assert.Contains("Nothing sent yet", Text(cut, "metrics-empty")));
    }

    [Fact]
    public async Task ReportsPage_ShowsCampaignsGroupTotalsAndFollowsAShownCampaign()
    {
        var a = await world.AddAsync("Holi greetings", CampaignStatus.Completed, started: Now.AddDays(-3));
        var b = await world.AddAsync("Diwali offer", CampaignStatus.Sending, started: Now.AddHours(-1), creator: ReportingWorld.Priya);
        world.Metrics.Set(a, Figures(sent: 100, opens: 20));
        world.Metrics.Set(b, Figures(sent: 50, opens: 20));
        var cut = RenderAs<ReportsPage>(CampaignWorld.AnalystEmail, Roles.Analyst);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=report-row]").Count));
        Assert.Equal(("2", "150", "26.7%"), (Total(cut, "campaigns"), Total(cut, "sent"), Total(cut, "open-rate")));
        Assert.Single(cut.FindAll("[data-testid=report-rates-chart] svg"));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ReportGrouping>>().Instance.ValueChanged.InvokeAsync(ReportGrouping.Creator));
        cut.WaitForAssertion(() => Assert.Equal(["Priya Nair", "Rohan Mehta"], cut.FindAll("[data-testid=group-label]").Select(l => l.TextContent)));
        Assert.Equal(["40.0%", "20.0%"], cut.FindAll("[data-testid=group-open-rate]").Select(l => l.TextContent));

        world.Metrics.Set(b, Figures(sent: 80, opens: 20));
        await ChangedAsync(b);
        await UntilAsync(() => Assert.Equal("180", Total(cut, "sent")));
        Assert.Equal(["25.0%", "20.0%"], cut.FindAll("[data-testid=group-open-rate]").Select(l => l.TextContent));
    }

    [Fact]
    public async Task ReportsPage_NothingInThePeriod_SaysSo()
    {
        var cut = RenderAs<ReportsPage>(CampaignWorld.ManagerEmail, Roles.CampaignManager);

        cut.WaitForAssertion(() => Assert.Contains("No campaigns to compare", Text(cut, "report-empty")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ReportsPage_Approver_GetsTheReasonNotAReport()
    {
        var cut = RenderAs<ReportsPage>(ReportingWorld.ApproverEmail, Roles.Approver);

        cut.WaitForAssertion(() => Assert.Contains("You are not allowed to see reports", Text(cut, "report-error")));
        Assert.Empty(cut.FindAll("[data-testid=report-total]"));
        await Task.CompletedTask;
    }

    protected override async Task InitializeAsync() => await world.InitializeAsync();

    protected override async ValueTask OnDisposedAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }

        await world.DisposeAsync();
    }

    private void SetPanelFigures(int id, long smsSent)
    {
        var sms = Figures(sent: smsSent, opens: 30, clicks: 20, conversions: 8, value: 200m, unsubscribes: 1, channel: Channel.Sms, audience: 170, automated: 3);
        var push = Figures(sent: 30, opens: 10, clicks: 5, conversions: 2, value: 50m, channel: Channel.Push, audience: 30);
        world.Metrics.SetChannels(id, sms, push);
        var current = world.Metrics.GetAsync(id).GetAwaiter().GetResult()!;
        world.Metrics.Set(
            id,
            current.Total with { AutomatedOpens = 3 },
            current.ByChannel,
            [new LinkClicks(0, "https://acme.example/stores", 9, 5), new LinkClicks(1, "https://acme.example/offer", 30, 20)],
            [new MetricsPoint(Now.AddHours(-2), 100, 20, 10, 3, 0), new MetricsPoint(Now.AddHours(-1), 30, 20, 15, 7, 1)]);
    }

    private IRenderedComponent<ContainerFragment> RenderPanel(int id)
    {
        UseApp(CampaignWorld.ManagerEmail, Roles.CampaignManager);
        return Render(builder =>
        {
            builder.OpenComponent<CampaignMetricsPanel>(0);
            builder.AddComponentParameter(1, nameof(CampaignMetricsPanel.CampaignId), id);
            builder.CloseComponent();
        });
    }

    private IRenderedComponent<ContainerFragment> RenderAs<TPage>(string email, string role)
        where TPage : IComponent
    {
        UseApp(email, role);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(2);
            builder.CloseComponent();
        });
    }

    private void UseApp(string email, string role)
    {
        scope = world.App.ScopeForUserAsync(email).GetAwaiter().GetResult();
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
        Services.AddSingleton<IDeliveryProgress>(subscriptions.Wrapping(Hub));
        // The pages' clock is the app's stopped one (the test context brings a clock of its own otherwise).
        Services.AddSingleton<TimeProvider>(world.Clock);
        AuthorizeAs(email, role);
    }

    /// <summary>What tracking and the engine do after recording: tell the hub; the hub hands it on at its next flush.</summary>
    private async Task ChangedAsync(int campaignId)
    {
        Hub.Changed(campaignId);
        await Hub.FlushAsync();
    }

    private Task UntilAsync(Action assertion) => world.Clock.AdvanceUntilAsync(assertion, TimeSpan.FromMilliseconds(500));

    private static string Text(IRenderedComponent<ContainerFragment> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private static string Kpi(IRenderedComponent<ContainerFragment> cut, string id) => cut.Find($"[data-testid=kpi-{id}] [data-testid=kpi-value]").TextContent.Trim();

    private static string Tile(IRenderedComponent<ContainerFragment> cut, string id) => cut.Find($"[data-testid=metric-{id}] [data-testid=metric-value]").TextContent.Trim();

    private static string Total(IRenderedComponent<ContainerFragment> cut, string id) => cut.Find($"[data-testid=total-{id}] [data-testid=total-value]").TextContent.Trim();
}
