using Bunit;
using Bunit.TestDoubles;
using CampaignStudio.Components.Layout;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications.Pages;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace CampaignStudio.Tests.Components;

public sealed class MainLayoutTests : BunitContextBase
{
    private const string ThemeKey = "campaignstudio.theme";

    public MainLayoutTests()
    {
        AuthorizeAs("ada@example.test", Roles.Admin);

        // The bell reads the database; its own tests run it against a real one.
        ComponentFactories.AddStub<NotificationBell>();
    }

    [Fact]
    public void StoredDarkTheme_IsAppliedAfterFirstRender()
    {
        JSInterop.Setup<string?>("localStorage.getItem", ThemeKey).SetResult("dark");

        var cut = RenderLayout();

        cut.WaitForAssertion(() => Assert.True(IsDarkMode(cut)));
        Assert.Equal(Icons.Material.Filled.LightMode, ThemeToggleIcon(cut));
        JSInterop.VerifyInvoke("localStorage.getItem");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("light")]
    [InlineData("something-else")]
    public void NoOrOtherStoredTheme_StaysLight(string? stored)
    {
        var read = JSInterop.Setup<string?>("localStorage.getItem", ThemeKey).SetResult(stored);

        var cut = RenderLayout();

        cut.WaitForAssertion(() => read.VerifyInvoke("localStorage.getItem"));
        Assert.False(IsDarkMode(cut));
        Assert.Equal(Icons.Material.Filled.DarkMode, ThemeToggleIcon(cut));
    }

    [Fact]
    public void ThemeToggle_SwitchesThemeAndStoresTheChoice()
    {
        JSInterop.Setup<string?>("localStorage.getItem", ThemeKey).SetResult(null);
        var write = JSInterop.SetupVoid("localStorage.setItem", _ => true);
        var cut = RenderLayout();
        cut.WaitForAssertion(() => Assert.Equal(Icons.Material.Filled.DarkMode, ThemeToggleIcon(cut)));

        cut.Find("[data-testid=theme-toggle]").Click();

        cut.WaitForAssertion(() => Assert.True(IsDarkMode(cut)));
        Assert.Equal([ThemeKey, "dark"], write.VerifyInvoke("localStorage.setItem").Arguments);

        cut.Find("[data-testid=theme-toggle]").Click();

        cut.WaitForAssertion(() => Assert.False(IsDarkMode(cut)));
        Assert.Equal([ThemeKey, "light"], write.VerifyInvoke("localStorage.setItem", calledTimes: 2)[1].Arguments);
        Assert.Equal(Icons.Material.Filled.DarkMode, ThemeToggleIcon(cut));
    }

    [Fact]
    public void ThemeToggle_FromStoredDark_StoresLight()
    {
        JSInterop.Setup<string?>("localStorage.getItem", ThemeKey).SetResult("dark");
        var write = JSInterop.SetupVoid("localStorage.setItem", ThemeKey, "light");
        var cut = RenderLayout();
        cut.WaitForAssertion(() => Assert.True(IsDarkMode(cut)));

        cut.Find("[data-testid=theme-toggle]").Click();

        cut.WaitForAssertion(() => Assert.False(IsDarkMode(cut)));
        write.VerifyInvoke("localStorage.setItem");
    }

    [Fact]
    public void SignedIn_HasTheNotificationBellInTheAppBar()
    {
        var cut = RenderLayout();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".mud-appbar")));
        Assert.Single(cut.FindComponents<Stub<NotificationBell>>());
    }

    [Fact]
    public void Body_IsRendered()
    {
        var cut = RenderLayout();

        Assert.Equal("page body", cut.Find("[data-testid=body]").TextContent);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p data-testid=\"body\">page body</p>"))));

    private static bool IsDarkMode(IRenderedComponent<MainLayout> cut) =>
        cut.FindComponent<MudThemeProvider>().Instance.GetState(p => p.IsDarkMode);

    private static string? ThemeToggleIcon(IRenderedComponent<MainLayout> cut) =>
        cut.FindComponents<MudIconButton>().Single(b => Equals(b.Instance.UserAttributes.GetValueOrDefault("data-testid"), "theme-toggle")).Instance.Icon;
}
