using Bunit;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Tests.Components.Campaigns;
using CampaignStudio.Tests.Features.Campaigns;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>"Follow" on the campaign details page: anyone who reads (an analyst here) follows and unfollows.</summary>
public sealed class FollowCampaignButtonTests : CampaignPageTestBase
{
    [Fact]
    public async Task FollowButton_OnTheDetailsPage_FollowsAndUnfollows()
    {
        var draft = await CampaignWorld.ReadyDraftAsync(App, World);
        ViewerEmail = CampaignWorld.AnalystEmail;
        var cut = await RenderAsync<CampaignDetailsPage>(new Dictionary<string, object?> { ["Id"] = draft.Id });
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=follow-campaign]").GetAttribute("data-following")));
        Assert.Equal("Follow", cut.Find("[data-testid=follow-campaign]").TextContent.Trim());

        cut.Find("[data-testid=follow-campaign]").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=follow-campaign]").GetAttribute("data-following")));
        Assert.Equal("Following", cut.Find("[data-testid=follow-campaign]").TextContent.Trim());
        Assert.True(await IsFollowingAsync(draft.Id));

        cut.Find("[data-testid=follow-campaign]").Click();

        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=follow-campaign]").GetAttribute("data-following")));
        Assert.False(await IsFollowingAsync(draft.Id));
    }

    [Fact]
    public async Task FollowButton_ForTheCreator_SaysTheyAreNotifiedAnyway()
    {
        var draft = await CampaignWorld.ReadyDraftAsync(App, World);

        var cut = await RenderAsync<CampaignDetailsPage>(new Dictionary<string, object?> { ["Id"] = draft.Id });

        cut.WaitForAssertion(() => Assert.Equal("Notified", cut.Find("[data-testid=follow-campaign-implicit]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=follow-campaign]"));
    }

    private Task<bool> IsFollowingAsync(int campaignId) =>
        CampaignWorld.AsAsync<NotificationService, bool>(App, CampaignWorld.AnalystEmail, s => s.IsFollowingAsync(campaignId));
}
