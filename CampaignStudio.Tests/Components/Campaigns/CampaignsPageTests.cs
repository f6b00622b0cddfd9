using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Tests.Features.Campaigns;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace CampaignStudio.Tests.Components.Campaigns;

/// <summary>The history page: filters from and into the address, the empty and no-match states, and who sees actions.</summary>
public sealed class CampaignsPageTests : CampaignPageTestBase
{
    private async Task SeedCampaignsAsync()
    {
        var draft = await CampaignWorld.ReadyDraftAsync(App, World, "Diwali draft");
        var scheduled = await CampaignWorld.ReadyDraftAsync(App, World, "Monsoon scheduled");
        await AsManagerAsync(s => s.ScheduleAsync(scheduled.Id));
        _ = draft;
    }

    [Fact]
    public async Task Manager_SeesRowsNewCampaignButtonAndRowActions()
    {
        await SeedCampaignsAsync();

        var cut = await RenderAsync<CampaignsPage>();

        cut.WaitForAssertion(() => Assert.Equal(["Monsoon scheduled", "Diwali draft"], Names(cut)));
        Assert.Single(cut.FindAll("[data-testid=new-campaign]"));
        Assert.Equal(2, cut.FindAll("[data-testid=row-actions]").Count);
        Assert.Equal(["Scheduled", "Draft"], cut.FindAll("[data-testid=status-chip]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Analyst_SeesTheRowsButNoActionButtons()
    {
        await SeedCampaignsAsync();
        ViewerEmail = CampaignWorld.AnalystEmail;

        var cut = await RenderAsync<CampaignsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, Names(cut).Count));
        Assert.Empty(cut.FindAll("[data-testid=new-campaign]"));
        Assert.Empty(cut.FindAll("[data-testid=row-actions]"));
    }

    [Fact]
    public async Task StatusInTheAddress_FiltersTheList()
    {
        await SeedCampaignsAsync();

        var cut = await RenderAsync<CampaignsPage>(address: "/campaigns?status=scheduled");

        cut.WaitForAssertion(() => Assert.Equal(["Monsoon scheduled"], Names(cut)));
        Assert.Equal([CampaignStatus.Scheduled], cut.FindComponent<MudSelect<CampaignStatus>>().Instance.GetState(x => x.SelectedValues));
    }

    [Fact]
    public async Task Search_FiltersAndGoesIntoTheAddress_NoMatchOffersAReset()
    {
        await SeedCampaignsAsync();
        var cut = await RenderAsync<CampaignsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, Names(cut).Count));

        await cut.InvokeAsync(() => SearchField(cut).Instance.ValueChanged.InvokeAsync("monsoon"));

        cut.WaitForAssertion(() => Assert.Equal(["Monsoon scheduled"], Names(cut)));
        Assert.EndsWith("/campaigns?q=monsoon", Services.GetRequiredService<NavigationManager>().Uri);

        await cut.InvokeAsync(() => SearchField(cut).Instance.ValueChanged.InvokeAsync("nothing like this"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=no-match]")));
        Assert.Empty(cut.FindAll("[data-testid=no-campaigns]"));

        cut.Find("[data-testid=no-match] button").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, Names(cut).Count));
        Assert.EndsWith("/campaigns", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task NoCampaigns_SaysCreateTheFirst()
    {
        var cut = await RenderAsync<CampaignsPage>();

        cut.WaitForAssertion(() => Assert.Contains("No campaigns yet — create the first", cut.Find("[data-testid=no-campaigns]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=no-match]"));
    }

    private static IRenderedComponent<MudTextField<string>> SearchField(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Placeholder == "Search by name");

    private static List<string> Names(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=campaign-link]").Select(a => a.TextContent.Trim())];
}
