using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>Signing in through the real form, and waiting until a page's circuit is live.</summary>
public static class BrowserSignIn
{
    public static async Task AsAsync(IPage page, string email, string password = TestApp.Password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await WaitForCircuitAsync(page);
    }

    /// <summary>Buttons work only once the interactive circuit is up; prerendered HTML shows them earlier.</summary>
    public static Task WaitForCircuitAsync(IPage page) => Expect(page.Locator("[data-interactive]")).ToHaveCountAsync(1);
}
