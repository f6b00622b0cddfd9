using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ContactsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Manager_CreatesContact_FindsItBySearch_OpensItsPage_AndSeesFieldErrors()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await scope.ServiceProvider.GetRequiredService<ContactService>().UpsertAsync(
                [new ContactInput { FirstName = "Asha", LastName = "Patil", Email = "asha@example.com", City = "Nashik", Country = "IN", Tags = ["dealer"] }], allOrNothing: true);
        }

        var page = await browser.NewPageAsync(app);
        await BrowserSignIn.AsAsync(page, TestApp.AdminEmail);
        await page.GotoAsync("/contacts");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("contacts-table").GetByText("asha@example.com")).ToBeVisibleAsync();

        await page.GetByTestId("new-contact").ClickAsync();
        await page.GetByTestId("contact-first-name").FillAsync("Ravi");
        await page.GetByTestId("contact-email").FillAsync("asha@example.com");
        await page.GetByTestId("contact-phone").FillAsync("12");
        await page.GetByTestId("save-contact").ClickAsync();
        await Expect(page.GetByText("Contact #1 already has this email.")).ToBeVisibleAsync();
        await Expect(page.GetByText("is not a phone number").Or(page.GetByText("is not a valid phone number"))).ToBeVisibleAsync();

        await page.GetByTestId("contact-email").FillAsync("ravi@example.com");
        await page.GetByTestId("contact-phone").FillAsync("+91 98200 12345");
        await page.GetByTestId("save-contact").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ravi" })).ToBeVisibleAsync();
        await Expect(page.GetByText("+919820012345")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "contact.png") });

        await page.GotoAsync("/contacts");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await page.GetByTestId("contact-search").FillAsync("Nash");
        await Expect(page.GetByTestId("contacts-table").GetByText("asha@example.com")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("contacts-table").GetByText("ravi@example.com")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "contacts.png") });
    }
}
