using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Tests.TestSupport;
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
}
