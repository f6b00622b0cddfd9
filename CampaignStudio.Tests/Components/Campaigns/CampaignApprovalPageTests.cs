using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Components.Campaigns;

/// <summary>
/// The campaign page of a campaign waiting for approval: approvers get Approve and Reject (a dialog whose comment is
/// checked next to the field), the submitter sees who asked and can withdraw, and a rejection's comment stays on the page.
/// </summary>
public sealed class CampaignApprovalPageTests : CampaignPageTestBase
{
    private const string ApproverEmail = "ada@example.test";

    private async Task<CampaignDetails> PendingAsync()
    {
        await App.CreateUserAsync(ApproverEmail, Roles.Approver, name: "Ada Approver");
        await CampaignWorld.AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(App, TestApp.AdminEmail, s => s.SaveAsync(new CampaignApprovalSettings(true, false)));
        var draft = await CampaignWorld.ReadyDraftAsync(App, World);
        return await AsManagerAsync(s => s.ScheduleAsync(draft.Id, draft.Revision));
    }

    [Fact]
    public async Task Approver_RejectsWithoutAComment_SeesTheErrorNextToTheField_ThenWithOne_TheCampaignIsADraftShowingIt()
    {
        var pending = await PendingAsync();
        ViewerEmail = ApproverEmail;
        ViewerRole = Roles.Approver;

        var cut = await RenderAsync<CampaignDetailsPage>(Id(pending.Id));
        cut.WaitForAssertion(() => Assert.Equal(["approve", "reject"], Actions(cut)));
        Assert.Equal("Pending approval", cut.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Contains("Submitted by Max Manager", cut.Find("[data-testid=waiting-for-approval]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=send-test]"));

        cut.Find("[data-testid=action-reject]").Click();
        cut.WaitForElement("[data-testid=review-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Say why it is rejected, so that its creator knows what to change.", cut.Find(".mud-dialog").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=review-error]")); // On the field, not in the dialog's general alert.
        Assert.Equal("Pending approval", cut.Find("[data-testid=status-chip]").TextContent.Trim());

        cut.Find(".mud-dialog textarea").Input("The offer ends on Sunday, not Monday.");
        cut.Find("[data-testid=review-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=status-chip]").TextContent.Trim()));
        Assert.Empty(cut.FindAll(".mud-dialog"));
        Assert.Equal("The offer ends on Sunday, not Monday.", cut.Find("[data-testid=rejection-comment]").TextContent.Trim());
        Assert.Contains("Rejected by Ada Approver", cut.Find("[data-testid=rejection]").TextContent);
        Assert.Empty(Actions(cut)); // An approver does not edit or schedule.
        Assert.Contains("Rejected: The offer ends on Sunday, not Monday.", cut.Find("[data-testid=timeline-section]").TextContent);
    }

    [Fact]
    public async Task Approver_Approves_TheCampaignIsScheduledWithTheApproverNamed()
    {
        var pending = await PendingAsync();
        ViewerEmail = ApproverEmail;
        ViewerRole = Roles.Approver;

        var cut = await RenderAsync<CampaignDetailsPage>(Id(pending.Id));
        cut.WaitForAssertion(() => Assert.Equal(["approve", "reject"], Actions(cut)));
        cut.Find("[data-testid=action-approve]").Click();
        cut.WaitForElement("[data-testid=review-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Scheduled", cut.Find("[data-testid=status-chip]").TextContent.Trim()));
        Assert.StartsWith("Ada Approver", cut.Find("[data-testid=approved-by]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=waiting-for-approval]"));
    }

    [Fact]
    public async Task Submitter_SeesWaitingForApproval_CanWithdrawButNotApprove()
    {
        var pending = await PendingAsync();

        var cut = await RenderAsync<CampaignDetailsPage>(Id(pending.Id));

        cut.WaitForAssertion(() => Assert.Equal(["withdraw", "clone"], Actions(cut)));
        Assert.Contains("An approver or admin approves or rejects it", cut.Find("[data-testid=waiting-for-approval]").TextContent);
    }

    [Fact]
    public async Task Admin_WhoSubmittedIt_SeesApproveDisabled_ByTheFourEyesRule()
    {
        await App.CreateUserAsync(ApproverEmail, Roles.Approver, name: "Ada Approver");
        await CampaignWorld.AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(App, TestApp.AdminEmail, s => s.SaveAsync(new CampaignApprovalSettings(true, false)));
        var draft = await CampaignWorld.ReadyDraftAsync(App, World, email: TestApp.AdminEmail);
        var pending = await CampaignWorld.AsAsync<CampaignService, CampaignDetails>(App, TestApp.AdminEmail, s => s.ScheduleAsync(draft.Id, draft.Revision));
        ViewerEmail = TestApp.AdminEmail;

        var cut = await RenderAsync<CampaignDetailsPage>(Id(pending.Id));

        cut.WaitForAssertion(() => Assert.Equal(["approve", "reject", "withdraw", "clone"], Actions(cut)));
        Assert.True(cut.Find("[data-testid=action-approve]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=action-reject]").HasAttribute("disabled"));
    }

    private static Dictionary<string, object?> Id(int id) => new() { ["Id"] = id };

    private static List<string> Actions(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid^=action-]").Select(b => b.GetAttribute("data-testid")!).Where(t => t != "action-error").Select(t => t["action-".Length..])];
}
