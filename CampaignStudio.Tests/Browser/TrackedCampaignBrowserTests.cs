using System.Net;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>
/// A campaign sent through the engine and opened and clicked through the real tracking endpoints, seen on its details
/// page: the metrics panel and the people who opened, updating without a reload when someone else opens it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrackedCampaignBrowserTests(BrowserFixture browser)
{
    private const string Html = "<p>Hi {{ contact.first_name }}</p><p><a href=\"https://shop.example/sale\">Sale</a></p>";

    [Fact]
    public async Task Manager_SeesOpensClicksAndPeople_AndASecondOpenArrivesWithoutReload()
    {
        await using var world = await EngineWorld.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Tracking:AutomatedAfterSendSeconds"] = "0" }, kestrel: true);
        await world.AddContactsAsync(3);
        var id = await world.ScheduleCampaignAsync("Tracked offers", [Channel.Email], html: Html);
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var mails = world.Email.Messages.OfType<EmailMessage>().ToDictionary(m => m.Recipient);
        using var person = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = world.App.ServerAddress };
        person.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync(Tracked(mails["c0@example.test"], "o"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await person.GetAsync(Tracked(mails["c0@example.test"], "c"))).StatusCode);

        var page = await browser.NewPageAsync(world.App, 1400, 1000);
        await BrowserSignIn.AsAsync(page, EngineWorld.ManagerEmail);
        await page.GotoAsync($"/campaigns/{id}");
        await BrowserSignIn.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("metric-sent").GetByTestId("metric-value")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("metric-opens").GetByTestId("metric-value")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("metric-clicks").GetByTestId("metric-value")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("people-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("people-table")).ToContainTextAsync("c0@example.test");

        await page.EvaluateAsync("() => window.stillTheSamePage = true");
        await person.GetAsync(Tracked(mails["c1@example.test"], "o"));

        await Expect(page.GetByTestId("metric-opens").GetByTestId("metric-value")).ToHaveTextAsync("2", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("people-table").Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"));
        await page.GetByTestId("people-clicked").ClickAsync();
        await Expect(page.GetByTestId("people-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "campaign-tracked.png"), FullPage = true });
    }

    private static string Tracked(EmailMessage mail, string kind) =>
        WebUtility.HtmlDecode(Regex.Match(mail.Html!, $"(?:href|src)=\"https://campaigns\\.acme\\.example(/{kind}/[^\"]+)\"").Groups[1].Value);
}
