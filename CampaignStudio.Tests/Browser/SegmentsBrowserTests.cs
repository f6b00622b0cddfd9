using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.Features.Scheduling;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SegmentsBrowserTests(BrowserFixture browser)
{
    // Each new rule shape is a new SQL statement for EF to compile the first time; allow for a cold start.
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 15_000 };

    [Fact]
    public async Task Manager_BuildsANestedRule_AndWatchesTheCountChange_ThenSaves()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
            await contacts.UpsertAsync(
            [
                new ContactInput { ExternalId = "D1", FirstName = "Ravi", Region = "Maharashtra", Tags = ["dealer"] },
                new ContactInput { ExternalId = "D2", FirstName = "Asha", Region = "Maharashtra", Tags = ["dealer"] },
                new ContactInput { ExternalId = "D3", FirstName = "Vikram", Region = "Gujarat", Tags = ["dealer"] },
                new ContactInput { ExternalId = "R1", FirstName = "Meena", Region = "Maharashtra", Tags = ["retail"] },
            ], allOrNothing: true);
        }

        var page = await browser.NewPageAsync(app);
        await BrowserSignIn.AsAsync(page, TestApp.AdminEmail);
        await page.GotoAsync("/segments/new");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var count = page.GetByTestId("segment-count");
        await Expect(page.GetByText("Add a condition to see who matches.")).ToBeVisibleAsync();

        // Root: ALL of [ has tag dealer, ANY of [ region is Maharashtra, region is Gujarat ] ] → 3
        await page.GetByTestId("add-condition").First.ClickAsync();
        await page.GetByText("Tag", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("condition-tags").FillAsync("dealer");
        await Expect(count).ToHaveTextAsync("3", Slow);

        await page.GetByTestId("add-group").First.ClickAsync();
        var nested = page.Locator("[data-testid=rule-group][data-depth='1']");
        await nested.GetByTestId("add-condition").ClickAsync();
        await page.GetByText("Contact field", new() { Exact = true }).ClickAsync();
        await nested.GetByTestId("condition-value").FillAsync("Maharashtra");
        await Expect(count).ToHaveTextAsync("2", Slow);

        await nested.GetByTestId("add-condition").ClickAsync();
        await page.GetByText("Contact field", new() { Exact = true }).ClickAsync();
        await nested.GetByTestId("condition-value").Nth(1).FillAsync("Gujarat");
        await Expect(count).ToHaveTextAsync("3", Slow);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "segment-builder.png"), FullPage = true });

        await page.GetByTestId("segment-name").FillAsync("Dealers in MH or GJ");
        await page.GetByTestId("save-segment").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/segments/\\d+$"));
        await page.GotoAsync("/segments");
        await Expect(page.GetByTestId("segments-table").GetByText("Dealers in MH or GJ")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Manager_AddsAnEngagementCondition_PicksASentCampaignByName_AndFindsItAgainAfterSaving()
    {
        // No sending engine: the ledger below is the campaign's whole story.
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Campaigns:Delivery:Enabled"] = "false" }, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(CampaignWorld.ManagerEmail, Roles.CampaignManager, name: CampaignWorld.ManagerName);
        var world = await CampaignWorld.SeedAsync(app);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1));
        var sentUtc = tomorrow.ToDateTime(new TimeOnly(9, 31), DateTimeKind.Utc);
        var monsoon = await CalendarWorld.PlanAsync(app, "Monsoon reminder", world.Dealers, CalendarWorld.At(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "09:30", "UTC"));
        await CalendarWorld.PlanAsync(app, "Diwali offer", world.Dealers, CalendarWorld.At(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "10:30", "UTC"));
        await CalendarWorld.SendAsync(app, monsoon.Id, sentUtc);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // Monsoon reached Asha only (the engine's clock is not ours to move: it "starts" at its scheduled time).
            var asha = await db.Contacts.SingleAsync(c => c.FirstName == "Asha");
            var message = new DeliveryRecord(monsoon.Id, asha.Id, Channel.Sms, sentUtc, sentUtc);
            message.MarkSent("Outbox", null, sentUtc);
            db.Deliveries.Add(message);
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(app, width: 1400);
        await BrowserSignIn.AsAsync(page, CampaignWorld.ManagerEmail);
        await page.GotoAsync("/segments/new");
        await BrowserSignIn.WaitForCircuitAsync(page);
        var count = page.GetByTestId("segment-count");

        await page.GetByTestId("add-condition").First.ClickAsync();
        await page.GetByTestId("add-engagement").ClickAsync();
        await Expect(count).ToHaveTextAsync("0", Slow);
        await ChooseAsync(page, "engagement-action", "received");
        await Expect(count).ToHaveTextAsync("1", Slow);

        // "The campaign…" asks for one next to the field until one is picked; only sent campaigns are offered.
        await ChooseAsync(page, "engagement-scope", "the campaign…");
        var fieldError = page.GetByTestId("rule-condition").Locator(".mud-input-helper-text.mud-input-error");
        await Expect(fieldError).ToHaveTextAsync("Choose a sent campaign, or any campaign.");
        await Field(page, "engagement-campaign").FillAsync("o");
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Monsoon reminder" }).ClickAsync();
        await Expect(fieldError).ToHaveCountAsync(0);
        await Expect(count).ToHaveTextAsync("1", Slow);
        await ChooseAsync(page, "engagement-action", "did not receive");
        await Expect(count).ToHaveTextAsync("2", Slow);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "segment-engagement.png"), FullPage = true });

        await page.GetByTestId("segment-name").FillAsync("Missed the monsoon reminder");
        await page.GetByTestId("save-segment").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/segments/\\d+$"));
        await page.ReloadAsync();
        await BrowserSignIn.WaitForCircuitAsync(page);

        var label = $"Monsoon reminder (sent {sentUtc.ToString("d MMM yyyy", CultureInfo.InvariantCulture)})";
        await Expect(Field(page, "engagement-campaign")).ToHaveValueAsync(label);
        await Expect(page.GetByTestId("engagement-action").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]")).ToContainTextAsync("did not receive");
        await Expect(count).ToHaveTextAsync("2", Slow);
    }

    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.GetByTestId(testId).Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(item, new() { Exact = true }).ClickAsync();
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
