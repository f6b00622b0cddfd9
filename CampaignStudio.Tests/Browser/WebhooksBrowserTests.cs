using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class WebhooksBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_AddsAnEndpoint_SendsTestEvents_AndWatchesTheLogShowARetryAndADelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Webhooks:PollMilliseconds"] = "200" }, kestrel: true);
        await app.CreateFirstAdminAsync();
        var page = await browser.NewPageAsync(app, 1400, 900);
        await BrowserSignIn.AsAsync(page, TestApp.AdminEmail);

        await page.GotoAsync("/settings/webhooks");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await page.GetByTestId("save-webhook").ClickAsync();
        await Expect(page.GetByTestId("webhook-form")).ToContainTextAsync("Give the endpoint a name");
        await Expect(page.GetByTestId("webhook-types-error")).ToContainTextAsync("Choose at least one event type.");

        await page.GetByTestId("webhook-name").FillAsync("CRM analytics");
        await page.GetByTestId("webhook-url").FillAsync(receiver.Url());
        foreach (var type in new[] { "campaign.started", "campaign.completed", "campaign.failed", "engagement.click" })
        {
            await page.GetByTestId("webhook-types").GetByText(type, new() { Exact = true }).ClickAsync();
        }

        await page.GetByTestId("save-webhook").ClickAsync();
        var row = page.GetByTestId("webhooks-table").Locator("tbody tr").Filter(new() { HasText = "CRM analytics" });
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync("engagement.click");

        receiver.Enqueue(StandInReply.Json(500, "{\"error\":\"warming up\"}"));
        await row.GetByTestId("send-test").ClickAsync();
        await receiver.WaitForAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = "CRM analytics", Exact = true }).ClickAsync();
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("delivery-status")).ToHaveTextAsync("Retrying");

        await page.GetByTestId("send-test").ClickAsync();
        await receiver.WaitForAsync(2);
        await Expect(page.GetByTestId("delivery-status")).ToHaveTextAsync(["Delivered", "Retrying"]);
        await Expect(page.GetByTestId("count-delivered")).ToHaveTextAsync("1");
        await page.GetByTestId("deliveries-table").Locator("tbody tr").Filter(new() { HasText = "Retrying" }).First.ClickAsync();
        await Expect(page.GetByTestId("attempts")).ToContainTextAsync("500");
        await Expect(page.GetByTestId("attempts")).ToContainTextAsync("retry at");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "webhook-log.png"), FullPage = true });

        await page.GotoAsync("/settings/webhooks");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("webhooks-table")).ToContainTextAsync("1 delivered · 1 waiting · 0 given up");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "webhooks.png"), FullPage = true });
    }
}
