using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CampaignsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Manager_FiltersCampaigns_SchedulesAndUnschedulesOne_SendsATestAndFindsItInTheOutbox()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(CampaignWorld.ManagerEmail, Roles.CampaignManager, name: CampaignWorld.ManagerName);
        var world = await CampaignWorld.SeedAsync(app);
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        var content = new CampaignContentInput
        {
            Channels = [Channel.Email, Channel.Sms],
            Content = new CampaignContent
            {
                Email = new EmailContent
                {
                    SenderId = world.VerifiedSender,
                    Subject = "Diwali prices for {{ contact.first_name }}",
                    Preheader = "Festive prices until Sunday",
                    HtmlBody = "<h1>Happy Diwali, {{ contact.first_name }}!</h1>\n<p>Festive prices on every grade until Sunday.</p>\n<p><a href=\"https://acme.example/offers\">See the offers</a></p>",
                },
                Sms = new SmsContent { Text = "Happy Diwali {{ contact.first_name }}! Festive prices until Sunday." },
            },
        };
        async Task<CampaignDetails> MakeAsync(string name, bool schedule) => await CampaignWorld.AsManagerAsync(app, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name, Description = "Festive prices for dealers" });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.Dealers], ExcludeSegmentIds = [world.Vips] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, content, draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.At, Date = tomorrow, Time = "09:30", TimeZone = "Asia/Kolkata" }, draft.Revision, 3);
            return schedule ? await s.ScheduleAsync(draft.Id) : draft;
        });
        var diwali = await MakeAsync("Diwali dealer offer", schedule: false);
        await MakeAsync("Monsoon reminder", schedule: true);
        await MakeAsync("Year-end clearance", schedule: true);

        var page = await browser.NewPageAsync(app, 1400, 900);
        await BrowserSignIn.AsAsync(page, CampaignWorld.ManagerEmail);
        await page.GotoAsync("/campaigns");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var grid = page.GetByTestId("campaigns-grid");
        await Expect(grid.GetByTestId("campaign-link")).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaigns.png"), FullPage = true });

        // Filter by status through the multi-select: only the draft remains, and the address says so.
        await page.GetByTestId("status-filter").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("Draft", new() { Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(grid.GetByTestId("campaign-link")).ToHaveCountAsync(1);
        await Expect(grid.GetByTestId("campaign-link")).ToHaveTextAsync("Diwali dealer offer");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=draft"));

        await grid.GetByTestId("campaign-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Diwali dealer offer" })).ToBeVisibleAsync();
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Draft");
        await Expect(page.FrameLocator("[data-testid=email-frame]").GetByText("Happy Diwali, Asha!")).ToBeVisibleAsync();

        await Expect(page.GetByTestId("audience-section")).ToContainTextAsync("Has tag dealer", new() { IgnoreCase = true });
        await page.GetByTestId("content-section").ScrollIntoViewIfNeededAsync();
        await page.GetByTestId("content-section").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-content.png") });
        await page.GetByTestId("action-schedule").ClickAsync();
        await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Scheduled");
        await Expect(page.GetByTestId("action-unschedule")).ToBeVisibleAsync();
        // The action is over (the page reloaded what surrounds the campaign) only once its message shows; a click
        // before that can land on a button the next render replaces, and be lost.
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Diwali dealer offer: Scheduled.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-details.png"), FullPage = true });
        await page.GetByTestId("action-unschedule").ClickAsync();
        await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Draft");
        await Expect(page.GetByTestId("timeline-section")).ToContainTextAsync("Unscheduled");

        await page.GetByTestId("send-test").ClickAsync();
        await page.GetByTestId("test-recipients").FillAsync("qa@acme.example");
        await page.GetByTestId("test-send-submit").ClickAsync();
        await Expect(page.GetByTestId("test-results")).ToContainTextAsync("qa@acme.example: Not sent: no provider is configured for this channel");

        await page.GotoAsync("/outbox");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var row = page.GetByTestId("outbox-table").Locator("tbody tr").Filter(new() { HasText = "qa@acme.example" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("outbox-status")).ToHaveTextAsync("NOT SENT");
        await row.ClickAsync();
        await Expect(page.FrameLocator("[data-testid=outbox-frame]").GetByText("Happy Diwali, Asha!")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("outbox-preview")).ToContainTextAsync("Diwali prices for Asha");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "outbox.png"), FullPage = true });
        Assert.True(diwali.Id > 0);
    }
}
