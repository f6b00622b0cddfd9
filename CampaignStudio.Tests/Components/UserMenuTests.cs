using Bunit;
using Bunit.Rendering;
using CampaignStudio.Components.Layout;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using MudBlazor;

namespace CampaignStudio.Tests.Components;

public sealed class UserMenuTests : BunitContextBase
{
    [Fact]
    public void SignedIn_ShowsInitialsAndName()
    {
        SignedInDisplayName = "ada lovelace king";
        AuthorizeAs("ada@example.test", Roles.Admin);

        var cut = RenderMenu();

        cut.WaitForAssertion(() => Assert.Equal("AL", Initials(cut)));
        Assert.Contains("ada lovelace king", cut.Find("[data-testid=user-menu-button]").TextContent);
    }

    [Fact]
    public void WithoutDisplayName_FallsBackToTheUserName()
    {
        var authorization = AddAppAuthorization();
        authorization.SetAuthorized("ann@example.test");
        authorization.SetRoles(Roles.Analyst);

        var cut = RenderMenu();

        cut.WaitForAssertion(() => Assert.Equal("A", Initials(cut)));
        Assert.Contains("ann@example.test", cut.Find("[data-testid=user-menu-button]").TextContent);
    }

    [Fact]
    public void ClickingTheActivator_OpensTheMenuWithTheRolesByTheirNames()
    {
        AuthorizeAs("carl@example.test", Roles.CampaignManager, Roles.Approver);
        var cut = RenderMenu();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=user-menu-button]")));
        Assert.Empty(cut.FindAll("[data-testid=sign-out]"));

        cut.Find("[data-testid=user-menu-button]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=sign-out]")));
        Assert.Equal(["Campaign manager", "Approver"], cut.FindAll(".mud-popover-open .mud-chip").Select(c => c.TextContent.Trim()));
        Assert.Contains("carl@example.test", cut.Find(".mud-popover-open").TextContent);
    }

    [Fact]
    public void SignedOut_RendersNothing()
    {
        AddAppAuthorization();

        var cut = RenderMenu();

        Assert.Empty(cut.FindComponents<MudMenu>());
    }

    private static string Initials(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindComponent<MudAvatar>().Nodes.Single().TextContent.Trim();

    private IRenderedComponent<ContainerFragment> RenderMenu() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<UserMenu>(1);
        builder.CloseComponent();
    });
}
