using System.Text.RegularExpressions;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>The app as a person uses it: real Kestrel, real Chromium, a fresh database each.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ShellBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task FreshDatabase_SetupCreatesAdmin_SignsIn_Dashboard_SignOut()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        var page = await browser.NewPageAsync(app);

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SetupUrl());
        await page.GetByLabel("Your name").FillAsync("Ada Admin");
        await page.GetByLabel("Email").FillAsync("ada@example.test");
        await page.GetByLabel("Password").FillAsync(TestApp.Password);
        await page.GetByTestId("setup-submit").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Welcome, Ada Admin.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("empty-workspace")).ToBeVisibleAsync();
        await WaitForCircuitAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "dashboard.png") });

        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByText("You have signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("/setup");
        await Expect(page).ToHaveURLAsync(LoginUrl());
    }

    [Fact]
    public async Task Analyst_IsRefusedTheUsersPage_AndDoesNotSeeItInTheMenu()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("ann@example.test", Roles.Analyst, name: "Ann Analyst");
        var page = await browser.NewPageAsync(app);

        await SignInAsync(page, "ann@example.test");
        await Expect(page.GetByText("Welcome, Ann Analyst.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav").GetByText("Contacts")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav").GetByText("Users")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("seed-demo")).ToHaveCountAsync(0);

        await page.GotoAsync("/users");

        await Expect(page.GetByText("You do not have access to this page")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_AddsUserWithPassword_AndTheNewUserCanSignIn()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        var page = await browser.NewPageAsync(app);
        await SignInAsync(page, TestApp.AdminEmail);

        await page.GetByTestId("nav").GetByText("Users").ClickAsync();
        await Expect(page.GetByTestId("users-table").GetByText(TestApp.AdminEmail)).ToBeVisibleAsync();
        await page.GetByTestId("add-user").ClickAsync();
        await page.GetByTestId("user-name").FillAsync("Carla Manager");
        await page.GetByTestId("user-email").FillAsync("carla@example.test");
        await page.GetByText("Set a password now").ClickAsync();
        await page.GetByTestId("user-password").FillAsync("Carla-Pass-2026");
        await page.GetByTestId("save-user").ClickAsync();

        await Expect(page.GetByTestId("users-table").GetByText("carla@example.test")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "users.png") });

        var second = await browser.NewPageAsync(app);
        await SignInAsync(second, "carla@example.test", "Carla-Pass-2026");
        await Expect(second.GetByText("Welcome, Carla Manager.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DeactivatedUser_OpenPage_LosesAccessWithoutReloading()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Access:RevalidationInterval"] = "00:00:02" }, kestrel: true);
        await app.CreateFirstAdminAsync();
        var analyst = await app.CreateUserAsync("ann@example.test", Roles.Analyst, name: "Ann Analyst");
        var page = await browser.NewPageAsync(app);
        await SignInAsync(page, "ann@example.test");
        await Expect(page.GetByText("Welcome, Ann Analyst.")).ToBeVisibleAsync();

        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DeactivateAsync(analyst.Id);
        }

        await Expect(page).ToHaveURLAsync(LoginUrl(), new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Phone_NavigationDrawerOpensFromTheMenuButton()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        var page = await browser.NewPageAsync(app, width: 390, height: 844);
        await SignInAsync(page, TestApp.AdminEmail);
        await Expect(page.GetByText("Welcome, Ada Admin.")).ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "phone-dashboard.png") });
        var contacts = page.GetByTestId("nav").GetByText("Contacts");
        if (!await contacts.IsVisibleAsync())
        {
            await page.GetByTestId("nav-toggle").ClickAsync();
        }

        await contacts.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("contacts-table")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "phone-contacts.png") });
    }

    private static Task SignInAsync(IPage page, string email, string password = TestApp.Password) => BrowserSignIn.AsAsync(page, email, password);

    private static Task WaitForCircuitAsync(IPage page) => BrowserSignIn.WaitForCircuitAsync(page);

    [GeneratedRegex("/setup$")]
    private static partial Regex SetupUrl();

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginUrl();
}
