using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Tests.Features.Campaigns;

namespace CampaignStudio.Tests.Components.Campaigns;

/// <summary>The details page: exactly the allowed actions, domain errors beside them, the state after an action, the diff.</summary>
public sealed class CampaignDetailsPageTests : CampaignPageTestBase
{
    [Fact]
    public async Task Draft_ShowsExactlyItsAllowedActions()
    {
        var draft = await CampaignWorld.ReadyDraftAsync(App, World);

        var cut = await RenderAsync<CampaignDetailsPage>(Id(draft.Id));

        cut.WaitForAssertion(() => Assert.Equal(["edit", "schedule", "clone", "archive"], Actions(cut)));
        Assert.Equal(Campaign.AllowedActionsFor(CampaignStatus.Draft, false).Select(a => a.ToString().ToLowerInvariant()), Actions(cut));
        Assert.Single(cut.FindAll("[data-testid=send-test]"));
    }

    [Fact]
    public async Task Sending_ShowsPauseStopAndClone()
    {
        var campaign = await CampaignWorld.ReadyDraftAsync(App, World);
        await AsManagerAsync(s => s.ScheduleAsync(campaign.Id));
        await MarkSendingAsync(campaign.Id);

        var cut = await RenderAsync<CampaignDetailsPage>(Id(campaign.Id));

        cut.WaitForAssertion(() => Assert.Equal(["pause", "stop", "clone"], Actions(cut)));
        Assert.Equal("Sending", cut.Find("[data-testid=status-chip]").TextContent.Trim());
    }

    [Fact]
    public async Task Analyst_SeesNoActions()
    {
        var draft = await CampaignWorld.ReadyDraftAsync(App, World);
        ViewerEmail = CampaignWorld.AnalystEmail;

        var cut = await RenderAsync<CampaignDetailsPage>(Id(draft.Id));

        cut.WaitForAssertion(() => Assert.Contains("Diwali offer", cut.Markup));
        Assert.Empty(Actions(cut));
        Assert.Empty(cut.FindAll("[data-testid=send-test]"));
    }

    [Fact]
    public async Task Unschedule_RefreshesStatusActionsAndRevision()
    {
        var campaign = await CampaignWorld.ReadyDraftAsync(App, World);
        var scheduled = await AsManagerAsync(s => s.ScheduleAsync(campaign.Id));
        var cut = await RenderAsync<CampaignDetailsPage>(Id(campaign.Id));
        cut.WaitForAssertion(() => Assert.Equal(["edit", "unschedule", "clone"], Actions(cut)));

        cut.Find("[data-testid=action-unschedule]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=status-chip]").TextContent.Trim()));
        Assert.Equal(["edit", "schedule", "clone", "archive"], Actions(cut));
        Assert.Equal((scheduled.Revision + 1).ToString(), cut.Find("[data-testid=revision]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=action-error]"));
    }

    [Fact]
    public async Task Schedule_OfAnIncompleteDraft_ShowsTheReasonNextToTheActions()
    {
        var draft = await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Half done" }));
        var cut = await RenderAsync<CampaignDetailsPage>(Id(draft.Id));
        cut.WaitForAssertion(() => Assert.Contains("schedule", Actions(cut)));

        cut.Find("[data-testid=action-schedule]").Click();

        var error = cut.WaitForElement("[data-testid=campaign-actions] [data-testid=action-error]");
        Assert.Contains("Choose at least one channel.", error.TextContent);
        Assert.DoesNotContain("Exception", error.TextContent);
        Assert.Equal("Draft", cut.Find("[data-testid=status-chip]").TextContent.Trim());
    }

    [Fact]
    public async Task DiffViewer_ShowsAddedAndRemovedLinesOfTheLatestChange()
    {
        var campaign = await CampaignWorld.ReadyDraftAsync(App, World);
        await AsManagerAsync(s => s.SaveContentAsync(campaign.Id, CampaignWorld.SmsContent("Happy Diwali!\nPrices end Monday.\nVisit your dealer."), campaign.Revision, 2));
        var cut = await RenderAsync<CampaignDetailsPage>(Id(campaign.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=diff-line]")));
        var lines = cut.FindAll("[data-testid=diff-line]").Select(l => (l.GetAttribute("data-kind"), l.Children[^1].TextContent)).ToList();
        Assert.Equal(
            [
                ("Removed", "Happy Diwali! Festive prices until Sunday."),
                ("Added", "Happy Diwali!"),
                ("Added", "Prices end Monday."),
                ("Added", "Visit your dealer."),
            ],
            lines);
        Assert.Contains("cs-diff-added", cut.FindAll("[data-testid=diff-line]")[1].ClassName);
        Assert.Contains("cs-diff-removed", cut.FindAll("[data-testid=diff-line]")[0].ClassName);
    }

    [Fact]
    public async Task UnknownId_ShowsAFriendlyNotFound()
    {
        var cut = await RenderAsync<CampaignDetailsPage>(Id(4242));

        cut.WaitForAssertion(() => Assert.Contains("There is no campaign 4242", cut.Find("[data-testid=campaign-not-found]").TextContent));
    }

    private static Dictionary<string, object?> Id(int id) => new() { ["Id"] = id };

    private static List<string> Actions(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")!).Where(t => t != "action-error").Select(t => t["action-".Length..])];
}
