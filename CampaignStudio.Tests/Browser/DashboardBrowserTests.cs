using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.Features.Reporting;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static CampaignStudio.Tests.Features.Reporting.FixedCampaignMetrics;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>
/// The dashboard and the reports page in Chromium, with campaigns in every state and fixed figures in place of
/// tracking: what a person sees (screenshots in the artifacts), figures changing on the dashboard without a reload, and
/// the reports page grouped by creator.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ReportingWorld world = new ReportingWorld.InBrowser();

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    [Fact]
    public async Task Analyst_OpensDashboardAndReports_SeesFiguresThatUpdateWithoutReload()
    {
        var now = world.Now;
        await world.ScheduledAsync("Monsoon sale", now.AddHours(5), audience: 12_480);
        await world.ScheduledAsync("Independence Day", now.AddDays(3), audience: 40_210, channels: CampaignChannels.Sms | CampaignChannels.Push);
        await world.AddAsync("Weekend flash sale", CampaignStatus.Sending, started: now.AddMinutes(-20));
        var ids = new List<int>();
        string[] names = ["Holi greetings", "Summer clearance", "New store in Pune", "Loyalty points reminder", "Diwali offer"];
        for (var i = 0; i < names.Length; i++)
        {
            var id = await world.AddAsync(names[i], CampaignStatus.Completed, started: now.AddDays(-2 - (i * 5)), finished: now.AddDays(-2 - (i * 5)).AddHours(2),
                creator: i % 2 == 0 ? null : ReportingWorld.Priya, channels: i == 1 ? CampaignChannels.Sms | CampaignChannels.Push : CampaignChannels.Sms);
            world.Metrics.Set(id, Figures(sent: 5000 + (i * 1500), opens: 1200 + (i * 300), clicks: 300 + (i * 40), conversions: 20 + (i * 6), value: 1500m + (i * 700), unsubscribes: 3 + i));
            ids.Add(id);
        }

        var page = await browser.NewPageAsync(world.App, 1400, 1000);
        await BrowserSignIn.AsAsync(page, CampaignWorld.AnalystEmail);
        await page.GotoAsync("/");
        await BrowserSignIn.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("scheduled-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("progress-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("recent-row")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("kpi-sent").GetByTestId("kpi-value")).ToHaveTextAsync("40,000");
        await Expect(page.Locator("[data-testid=kpi-trend] svg")).ToHaveCountAsync(1);
        // The chart is drawn once the browser has told it its size: its data points are on screen before the screenshot.
        await Expect(page.Locator("[data-testid=kpi-trend] svg circle").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "dashboard.png"), FullPage = true });

        // Figures recorded elsewhere reach the open page without a reload.
        await page.EvaluateAsync("() => window.stillTheSamePage = true");
        world.Metrics.Set(ids[0], Figures(sent: 6000, opens: 1200, clicks: 300, conversions: 20, value: 1500m, unsubscribes: 3));
        world.App.Services.GetRequiredService<CampaignStudio.Features.Delivery.IDeliveryProgress>().Changed(ids[0]);
        await Expect(page.GetByTestId("kpi-sent").GetByTestId("kpi-value")).ToHaveTextAsync("41,000", new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");

        await page.GotoAsync("/reports");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("report-row")).ToHaveCountAsync(6);
        await page.GetByTestId("filter-group").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Creator" }).ClickAsync();
        await Expect(page.GetByTestId("group-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("group-label").First).ToHaveTextAsync("Priya Nair");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "reports.png"), FullPage = true });

        await page.GetByTestId("report-row").Filter(new() { HasText = "Holi greetings" }).ClickAsync();
        await Expect(page.GetByTestId("metric-sent").GetByTestId("metric-value")).ToHaveTextAsync("6,000");
        await page.GetByTestId("metrics-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-metrics.png") });
    }
}
