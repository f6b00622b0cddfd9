using CampaignStudio.Features.Notifications;
using CampaignStudio.Tests.Features.Notifications;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class NotificationsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Manager_SeesNotificationsOnThePageAndInTheBell_NewOnesArriveLive_MarkAllReadClearsTheBadge()
    {
        await using var world = await NotificationWorld.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        var diwali = world.CampaignId;
        var monsoon = await world.CreateCampaignAsync("Monsoon reminder");
        async Task RaiseAsync(NotificationKind kind, int campaignId, string name, string title, string message) =>
            await world.NotifyAsync(new CampaignNotification(kind, campaignId, name, title, message, $"{kind}:{campaignId}"));

        await RaiseAsync(NotificationKind.Upcoming, diwali, "Diwali offer", "Diwali offer starts in 1 hour", "It goes to about 12,000 contacts by email and SMS at 09:30 Asia/Kolkata.");
        await RaiseAsync(NotificationKind.Started, diwali, "Diwali offer", "Diwali offer started sending", "Sending to 12,000 contacts by email and SMS.");
        await RaiseAsync(NotificationKind.Completed, diwali, "Diwali offer", "Diwali offer finished", "11,842 messages sent, 158 failed, 0 skipped.");
        await RaiseAsync(NotificationKind.AutoPaused, monsoon, "Monsoon reminder", "Monsoon reminder paused itself", "38% of the last 200 SMS failed (provider: invalid number). Check the failures, then resume or stop it.");
        await RaiseAsync(NotificationKind.NeedsConfirmation, monsoon, "Monsoon reminder", "Monsoon reminder missed its time", "It was due at 08:00 while the app was down. Start it now, reschedule it or stop it.");
        var upcoming = (await world.AsAsync(NotificationWorld.Max, s => s.ListAsync(new NotificationQuery { Kind = NotificationKind.Upcoming }))).Items.Single();
        await world.AsAsync(NotificationWorld.Max, s => s.MarkReadAsync(upcoming.Id));

        var page = await browser.NewPageAsync(world.App, 1400, 900);
        await BrowserSignIn.AsAsync(page, NotificationWorld.Max);
        await Expect(page.GetByTestId("notification-badge").Locator(".mud-badge")).ToHaveTextAsync("4");

        await page.GotoAsync("/notifications");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var items = page.GetByTestId("notification-list").GetByTestId("notification");
        await Expect(items).ToHaveCountAsync(5);
        await Expect(items.First.GetByTestId("notification-title")).ToHaveTextAsync("Monsoon reminder missed its time");
        await Expect(items.Last).ToHaveAttributeAsync("data-read", "true");
        await Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("4 unread");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "notifications.png"), FullPage = true });

        // The engine fails a campaign while the page is open: the list and the bell follow without a reload.
        await RaiseAsync(NotificationKind.Failed, diwali, "Diwali offer", "Diwali offer failed", "The email provider refused every message: authentication failed.");
        await Expect(items).ToHaveCountAsync(6);
        await Expect(page.GetByTestId("notification-badge").Locator(".mud-badge")).ToHaveTextAsync("5");

        await page.GetByTestId("notification-bell-button").ClickAsync();
        await Expect(page.GetByTestId("bell-item")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("bell-item").First).ToContainTextAsync("Diwali offer failed");
        await Expect(page.Locator(".mud-popover-open")).ToHaveCSSAsync("opacity", "1");
        await page.Mouse.MoveAsync(700, 850);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "notification-bell.png") });
        await page.Keyboard.PressAsync("Escape");

        await page.GetByTestId("mark-all-read").ClickAsync();
        await Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("Nothing unread");
        await Expect(page.GetByTestId("notification-badge").Locator(".mud-badge")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("mark-read")).ToHaveCountAsync(0);

        await items.Filter(new() { HasText = "Monsoon reminder paused itself" }).GetByTestId("notification-campaign").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Monsoon reminder" })).ToBeVisibleAsync();
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("follow-campaign-implicit")).ToHaveTextAsync("Notified");
    }
}
