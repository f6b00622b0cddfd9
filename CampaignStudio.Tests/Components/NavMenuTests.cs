using Bunit;
using CampaignStudio.Components.Layout;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Components;

public sealed class NavMenuTests : BunitContextBase
{
    private static readonly string[] Everyone =
        ["Dashboard", "Campaigns", "Calendar", "Contacts", "Segments", "Reports", "Notifications", "Outbox", "Settings"];

    [Fact]
    public void Admin_SeesEverySectionIncludingUsers()
    {
        AuthorizeAs("ada@example.test", Roles.Admin);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal([.. Everyone, "Users"], LinkTexts(cut)));
        Assert.Equal("/users", cut.Find("a[href='/users']").GetAttribute("href"));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.CampaignManager)]
    [InlineData(Roles.Approver)]
    public void NonAdmin_SeesEverySectionButUsers(string role)
    {
        AuthorizeAs("someone@example.test", role);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal(Everyone, LinkTexts(cut)));
        Assert.Empty(cut.FindAll("a[href='/users']"));
    }

    [Fact]
    public void AdminAmongOtherRoles_SeesUsers()
    {
        AuthorizeAs("mixed@example.test", Roles.Analyst, Roles.Admin);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Contains("Users", LinkTexts(cut)));
    }

    private static string[] LinkTexts(IRenderedComponent<NavMenu> cut) =>
        [.. cut.FindAll("a").Select(a => a.TextContent.Trim())];
}
