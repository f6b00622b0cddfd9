using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>
/// Watching a campaign send, in Chromium against the app with its engine on (scripted email and SMS channels, paced):
/// the list shows a live bar, the details page's counts rise without a reload and reach the page within 2 s of being
/// recorded, and the page follows the campaign to Completed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveProgressBrowserTests(BrowserFixture browser)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Manager_WatchesACampaignSend_CountsRiseWithoutReload_UntilItCompletes()
    {
        await using var world = await EngineWorld.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:RatePerSecond:Email"] = "20",
            ["Campaigns:Delivery:RatePerSecond:Sms"] = "12",
        }, kestrel: true);
        // Every tenth contact has not agreed to SMS; every 25th email address is refused.
        await world.AddContactsAsync(200, (n, c) =>
        {
            if (n % 10 == 3)
            {
                c.SetConsent(Channel.Sms, ConsentStatus.Withdrawn, "test", "v1", DateTime.UtcNow);
            }
        });
        world.Email.Answer = (m, _) => m.Recipient.StartsWith("c", StringComparison.Ordinal) && int.Parse(m.Recipient[1..m.Recipient.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture) % 25 == 7
            ? SendResult.Permanent(m.DeliveryId, "554 5.7.1 Message rejected as spam")
            : SendResult.Accepted(m.DeliveryId, "smtp-" + m.DeliveryId);
        var page = await browser.NewPageAsync(world.App, 1400, 1000);
        await BrowserSignIn.AsAsync(page, EngineWorld.ManagerEmail);

        var id = await world.ScheduleCampaignAsync("Diwali festive prices", [Channel.Email, Channel.Sms]);
        await world.WaitUntilAsync(async () => (await world.RowsAsync(id)).Count > 0, what: "the campaign to start");

        // The history list: a live bar in the campaign's row.
        await page.GotoAsync("/campaigns");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var bar = page.GetByTestId("row-progress");
        await Expect(bar).ToHaveCountAsync(1);
        var listedDone = int.Parse((await bar.GetAttributeAsync("data-done"))!, CultureInfo.InvariantCulture);
        await UntilAsync(async () => int.Parse((await bar.GetAttributeAsync("data-done"))!, CultureInfo.InvariantCulture) > listedDone, "the list's bar to move");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaigns-live-progress.png"), FullPage = true });

        // The details page (reached inside the app, so the circuit stays): counts rise with no reload.
        await page.GetByTestId("campaign-link").ClickAsync();
        await Expect(page.GetByTestId("progress-live")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.stillTheSamePage = true");
        for (var look = 0; look < 3; look++)
        {
            // Whatever the ledger says now is on the page within 2 s.
            var recorded = await AcceptedAsync(world, id);
            var watch = Stopwatch.StartNew();
            await UntilAsync(async () => await ShownSentAsync(page) >= recorded, $"{recorded} sent to show", Within);
            Assert.True(watch.Elapsed <= Within, $"{recorded} sent took {watch.Elapsed.TotalSeconds:F1} s to show");
            await Task.Delay(700);
        }

        await Expect(page.GetByTestId("progress-channels")).ToBeVisibleAsync();
        await page.GetByTestId("progress-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-progress-sending.png") });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-details-sending.png"), FullPage = true });

        // To the end, still without a reload: the panel and the page's status follow the campaign.
        await Expect(page.GetByTestId("progress-completed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Completed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");
        var counts = await world.CountsAsync(id);
        Assert.Equal(counts.GetValueOrDefault(DeliveryStatus.Sent).ToString(CultureInfo.InvariantCulture), await page.GetByTestId("progress-sent").GetAttributeAsync("data-count"));
        Assert.Equal(counts.GetValueOrDefault(DeliveryStatus.Failed).ToString(CultureInfo.InvariantCulture), await page.GetByTestId("progress-failed").GetAttributeAsync("data-count"));
        Assert.Equal(counts.GetValueOrDefault(DeliveryStatus.Skipped).ToString(CultureInfo.InvariantCulture), await page.GetByTestId("progress-skipped").GetAttributeAsync("data-count"));
        await Expect(page.GetByTestId("progress-percent")).ToHaveTextAsync("100%");
        await Expect(page.GetByTestId("progress-errors")).ToContainTextAsync("554 5.7.1 Message rejected as spam");
        await page.GetByTestId("progress-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-progress-completed.png") });
    }

    private static async Task<int> AcceptedAsync(EngineWorld world, int campaignId) =>
        (await world.RowsAsync(campaignId)).Count(r => r.Status is DeliveryStatus.Sent or DeliveryStatus.Delivered or DeliveryStatus.Undelivered);

    private static async Task<int> ShownSentAsync(IPage page) =>
        int.Parse((await page.GetByTestId("progress-sent").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {(within ?? TimeSpan.FromSeconds(15)).TotalSeconds} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
