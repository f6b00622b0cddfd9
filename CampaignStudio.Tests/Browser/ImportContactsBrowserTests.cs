using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>CSV import as a person does it: real Kestrel, real Chromium, real upload over the circuit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportContactsBrowserTests(BrowserFixture browser)
{
    private const string ManagerEmail = "carla@example.test";

    [Fact]
    public async Task CampaignManager_UploadsMapsAndImports_SeesTheCounts_AndDownloadsTheReport()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager, name: "Carla Manager");
        var page = await browser.NewPageAsync(app);
        await SignInAsync(page, ManagerEmail);
        // Larger than SignalR's default 32 KB message: the upload streams, it is not one message.
        var rows = Enumerable.Range(1, 2500).Select(i => $"D-{i},Dealer {i},dealer{i}@example.com,+91 98{i:D8},dealer;vip").ToList();
        rows.Insert(1, "D-bad,Bad Row,not-an-email,,dealer");
        var csv = "External ID,Company,E-mail,Mobile,Tags\n" + string.Join("\n", rows) + "\n";

        await OpenImportPageAsync(page);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "dealers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });

        await Expect(page.GetByTestId("mapping-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("file-summary")).ToContainTextAsync("dealers.csv");
        await Expect(page.GetByTestId("preview-table").Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("preview-table").Locator("thead")).ToContainTextAsync("External id");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "import-mapping.png"), FullPage = true });
        await page.GetByTestId("start-import").ClickAsync();

        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("Imported 2,501 rows", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("count-created")).ToHaveTextAsync("2,500");
        await Expect(page.GetByTestId("count-rejected")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("rejected-rows")).ToContainTextAsync("not a valid email");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "import-result.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-report").ClickAsync());
        Assert.Equal("dealers-report.csv", download.SuggestedFilename);
        var report = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(["row,field,reason", "2,E-mail,'not-an-email' is not a valid email address."], report.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(2500, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Cancel_StopsTheImportBetweenBatches_AndSaysWhatWasImported()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Audience:Import:BatchSize"] = "5" }, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager, name: "Carla Manager");
        var page = await browser.NewPageAsync(app);
        await SignInAsync(page, ManagerEmail);
        var csv = "email,phone\n" + string.Concat(Enumerable.Range(1, 6000).Select(i => $"person{i}@example.com,+91 97{i:D8}\n"));

        await OpenImportPageAsync(page);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByTestId("start-import").ClickAsync();
        await Expect(page.GetByTestId("count-created")).Not.ToHaveTextAsync("0");
        await page.GetByTestId("cancel-import").ClickAsync();

        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("imported before the cancel", new() { Timeout = 30_000 });
        var created = int.Parse((await page.GetByTestId("count-created").TextContentAsync())!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, 5, 5995);
        Assert.Equal(0, created % 5);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(created, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Analyst_IsRefusedTheImportPage()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("ann@example.test", Roles.Analyst, name: "Ann Analyst");
        var page = await browser.NewPageAsync(app);
        await SignInAsync(page, "ann@example.test");

        await page.GotoAsync("/contacts/import");

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.Locator("input[type=file]")).ToHaveCountAsync(0);
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestApp.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Opens the page and waits until the file input listens: the circuit is up and Blazor's InputFile has hooked
    /// the element (it marks it when it does), so a file set now is not lost to a race with the first render.
    /// </summary>
    private static async Task OpenImportPageAsync(IPage page)
    {
        await page.GotoAsync("/contacts/import");
        await Expect(page.Locator("[data-interactive]")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
    }
}
