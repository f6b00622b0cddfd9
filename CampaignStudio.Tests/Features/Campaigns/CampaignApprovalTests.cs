using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Webhooks;
using static CampaignStudio.Tests.Features.Campaigns.Campaigns;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>The approval steps on the campaign itself: submit, approve (also late), reject with a comment, withdraw, and what they leave behind.</summary>
public sealed class CampaignApprovalTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>A draft sent at 2 June 2026 09:30 in India (04:00 UTC), the day after <see cref="Campaigns.Now"/>.</summary>
    private static Campaign DraftForTomorrow()
    {
        var campaign = ReadyDraft();
        campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), campaign.Revision, Rohan, Now);
        return campaign;
    }

    private static readonly DateTime DueUtc = new(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Submit_AReadyDraft_WaitsForApproval_RecordsWhoAsked_AndFreezesTheCampaign()
    {
        var campaign = DraftForTomorrow();
        var revision = campaign.Revision;

        campaign.SubmitForApproval(Rohan, Now, revision);

        Assert.Equal(CampaignStatus.PendingApproval, campaign.Status);
        Assert.Equal((Rohan.Id, Rohan.Name, Now), (campaign.ApprovalRequestedById, campaign.ApprovalRequestedByName, campaign.ApprovalRequestedUtc));
        Assert.Equal(revision + 1, campaign.Revision);
        Assert.Equal(DueUtc, campaign.ScheduledForUtc);
        var logged = campaign.History[^1];
        Assert.Equal(CampaignChangeAction.ApprovalRequested, logged.Action);
        Assert.StartsWith("Submitted for approval.", logged.Summary);
        Assert.Equal([CampaignAction.Approve, CampaignAction.Reject, CampaignAction.Withdraw, CampaignAction.Clone], campaign.AllowedActions);

        var content = Assert.Throws<InvalidStateException>(() => campaign.UpdateContent(CampaignChannels.Sms, Sms("Other text"), campaign.Revision, Rohan, Now));
        var audience = Assert.Throws<InvalidStateException>(() => campaign.UpdateAudience(new CampaignAudience([Retail], []), 10, campaign.Revision, Rohan, Now));
        var schedule = Assert.Throws<InvalidStateException>(() => campaign.Reschedule(CampaignSchedule.At(new DateOnly(2026, 6, 3), new TimeOnly(10, 0), "Asia/Kolkata"), campaign.Revision, Rohan, Now));
        Assert.Throws<InvalidStateException>(() => campaign.Unschedule(Rohan, Now));
        Assert.Throws<InvalidStateException>(() => campaign.Archive(Rohan, Now));
        Assert.Throws<InvalidStateException>(() => campaign.MarkSending(DueUtc));
        Assert.Equal("The campaign 'Diwali offer' is waiting for approval: its content can no longer change. An approver approves or rejects it; whoever submitted it can withdraw it to change it.", content.Message);
        Assert.Contains("audience can no longer change", audience.Message);
        Assert.Contains("only a draft or a scheduled campaign can move", schedule.Message);
        Assert.Equal(CampaignStatus.PendingApproval, campaign.Status);
    }

    [Fact]
    public void Submit_AnIncompleteDraft_IsRefusedWithWhatIsMissing()
    {
        var campaign = new Campaign(new CampaignBasics(Name, null), Rohan, Now);

        var missing = Assert.Throws<ValidationFailedException>(() => campaign.SubmitForApproval(Rohan, Now));

        Assert.Contains("audience.include", missing.Errors.Keys);
        Assert.Contains("schedule", missing.Errors.Keys);
        Assert.Equal(CampaignStatus.Draft, campaign.Status);
    }

    [Fact]
    public void Approve_BeforeItsTime_SchedulesItAtThatTime_AndRecordsTheApprover()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);

        campaign.Approve(Lena, Now.AddMinutes(5), Grace, campaign.Revision, "  Looks good.  ");

        Assert.Equal(CampaignStatus.Scheduled, campaign.Status);
        Assert.Equal(DueUtc, campaign.ScheduledForUtc);
        Assert.Null(campaign.AwaitingConfirmationSinceUtc);
        Assert.Equal((Lena.Id, Lena.Name, Now.AddMinutes(5)), (campaign.ReviewedById, campaign.ReviewedByName, campaign.ReviewedUtc));
        Assert.Null(campaign.RejectionComment);
        var logged = campaign.History[^1];
        Assert.Equal((CampaignChangeAction.Approved, Lena.Name), (logged.Action, logged.ActorName));
        Assert.StartsWith("Approved: scheduled.", logged.Summary);
        Assert.EndsWith("Comment: Looks good.", logged.Summary);
    }

    [Fact]
    public void Approve_SendNow_GoesAtTheMomentOfApproval()
    {
        var campaign = ReadyDraft();
        campaign.SubmitForApproval(Rohan, Now);
        Assert.Null(campaign.ScheduledForUtc);

        campaign.Approve(Lena, Now.AddHours(3), Grace);

        Assert.Equal(CampaignStatus.Scheduled, campaign.Status);
        Assert.Equal(Now.AddHours(3), campaign.ScheduledForUtc);
        Assert.False(campaign.IsLateBeyond(Grace, Now.AddHours(3)));
    }

    [Fact]
    public void Approve_AfterItsTimeWithinTheGraceWindow_IsScheduledToStartNow()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);

        campaign.Approve(Lena, DueUtc.AddMinutes(30), Grace);

        Assert.Equal(CampaignStatus.Scheduled, campaign.Status);
        Assert.Null(campaign.AwaitingConfirmationSinceUtc);
        Assert.False(campaign.IsLateBeyond(Grace, DueUtc.AddMinutes(30)));
        Assert.Contains("passed while it waited for approval: it starts now.", campaign.History[^1].Summary);
    }

    [Fact]
    public void Approve_LongAfterItsTime_WaitsForStartNowOrANewTime_LikeAMissedCampaign()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);
        var late = DueUtc.AddHours(5);

        campaign.Approve(Lena, late, Grace);

        Assert.Equal(CampaignStatus.Scheduled, campaign.Status);
        Assert.Equal(late, campaign.AwaitingConfirmationSinceUtc);
        Assert.Equal([CampaignAction.StartNow, CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone], campaign.AllowedActions);
        Assert.Contains("too long ago to start by itself", campaign.History[^1].Summary);

        campaign.ConfirmStart(Rohan, late.AddMinutes(1), campaign.Revision);
        campaign.MarkSending(late.AddMinutes(2));
        Assert.Equal(CampaignStatus.Sending, campaign.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Reject_WithoutAComment_IsRefusedOnTheCommentField_AndNothingChanges(string? comment)
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);
        var revision = campaign.Revision;

        var refused = Assert.Throws<ValidationFailedException>(() => campaign.Reject(Lena, Now, comment, revision));

        Assert.Equal(["comment"], refused.Errors.Keys);
        Assert.Equal(["Say why it is rejected, so that its creator knows what to change."], refused.Errors["comment"]);
        Assert.Equal((CampaignStatus.PendingApproval, revision), (campaign.Status, campaign.Revision));
    }

    [Fact]
    public void Reject_WithATooLongComment_IsRefusedOnTheCommentField()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);

        var refused = Assert.Throws<ValidationFailedException>(() => campaign.Reject(Lena, Now, new string('x', Campaign.MaxReviewCommentLength + 1)));

        Assert.Equal(["Keep the comment to 2000 characters."], refused.Errors["comment"]);
        Assert.Equal(CampaignStatus.PendingApproval, campaign.Status);
    }

    [Fact]
    public void Reject_BackToDraftWithTheComment_ThenSubmittingAgainClearsIt()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);

        campaign.Reject(Lena, Now.AddMinutes(10), " The discount is 15 %, not 20 %. ", campaign.Revision);

        Assert.Equal(CampaignStatus.Draft, campaign.Status);
        Assert.Equal("The discount is 15 %, not 20 %.", campaign.RejectionComment);
        Assert.Equal((Lena.Name, Now.AddMinutes(10)), (campaign.ReviewedByName, campaign.ReviewedUtc));
        Assert.Equal((CampaignChangeAction.Rejected, "Rejected: The discount is 15 %, not 20 %."), (campaign.History[^1].Action, campaign.History[^1].Summary));
        Assert.True(campaign.Allows(CampaignAction.Edit));

        campaign.UpdateContent(CampaignChannels.Sms, Sms("Happy Diwali! 15 % off until Sunday."), campaign.Revision, Rohan, Now.AddMinutes(20));
        campaign.SubmitForApproval(Rohan, Now.AddMinutes(21), campaign.Revision);

        Assert.Equal(CampaignStatus.PendingApproval, campaign.Status);
        Assert.Null(campaign.RejectionComment);
        Assert.Null(campaign.ReviewedByName);
        Assert.Equal(Now.AddMinutes(21), campaign.ApprovalRequestedUtc);
    }

    [Fact]
    public void Withdraw_GoesBackToDraft_WithoutAReview()
    {
        var campaign = ReadyDraft();
        campaign.SubmitForApproval(Rohan, Now);

        campaign.Withdraw(Rohan, Now.AddMinutes(1), campaign.Revision);

        Assert.Equal(CampaignStatus.Draft, campaign.Status);
        Assert.Null(campaign.ScheduledForUtc);
        Assert.Null(campaign.RejectionComment);
        Assert.Null(campaign.ReviewedByName);
        Assert.Equal(CampaignChangeAction.Withdrawn, campaign.History[^1].Action);
    }

    [Fact]
    public void ApproveOrReject_WithAStaleRevision_IsAConflict_AndNothingChanges()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);
        var stale = campaign.Revision - 1;

        var approve = Assert.Throws<ConflictException>(() => campaign.Approve(Lena, Now, Grace, stale));
        Assert.Throws<ConflictException>(() => campaign.Reject(Lena, Now, "No.", stale));
        Assert.Throws<ConflictException>(() => campaign.Withdraw(Rohan, Now, stale));

        Assert.Contains("was changed by Rohan Mehta", approve.Message);
        Assert.Equal(CampaignStatus.PendingApproval, campaign.Status);
    }

    [Fact]
    public void ReturnToDraftForApproval_AnApprovedCampaignIsADraftAgain_ItsApprovalVoid()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);
        campaign.Approve(Lena, Now, Grace);

        campaign.ReturnToDraftForApproval(Rohan, Now.AddMinutes(1));

        Assert.Equal(CampaignStatus.Draft, campaign.Status);
        Assert.Null(campaign.ReviewedByName);
        Assert.Equal((CampaignChangeAction.Unscheduled, "Changed after it was approved: back to draft; schedule it again to ask for approval again."), (campaign.History[^1].Action, campaign.History[^1].Summary));
        Assert.True(campaign.Allows(CampaignAction.Edit));
        Assert.Throws<InvalidStateException>(() => campaign.ReturnToDraftForApproval(Rohan, Now));
    }

    [Fact]
    public void IsOwnedBy_TheCreatorAndWhoeverSubmitted()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Lena, Now);

        Assert.True(campaign.IsOwnedBy(Rohan.Id));
        Assert.True(campaign.IsOwnedBy(Lena.Id));
        Assert.False(campaign.IsOwnedBy("someone-else"));
    }

    [Fact]
    public void WebhookEvents_ForEachApprovalStep()
    {
        var campaign = DraftForTomorrow();
        campaign.SubmitForApproval(Rohan, Now);
        var submitted = CampaignWebhookEvents.For(campaign, CampaignStatus.Draft, Now);
        campaign.Reject(Lena, Now, "Wrong prices.");
        var rejected = CampaignWebhookEvents.For(campaign, CampaignStatus.PendingApproval, Now);
        campaign.SubmitForApproval(Rohan, Now);
        campaign.Withdraw(Rohan, Now);
        var withdrawn = CampaignWebhookEvents.For(campaign, CampaignStatus.PendingApproval, Now);
        campaign.SubmitForApproval(Rohan, Now);
        campaign.Approve(Lena, Now, Grace);
        var approved = CampaignWebhookEvents.For(campaign, CampaignStatus.PendingApproval, Now);

        Assert.Equal(
            [WebhookEventTypes.CampaignApprovalRequested, WebhookEventTypes.CampaignRejected, WebhookEventTypes.CampaignWithdrawn, WebhookEventTypes.CampaignScheduled],
            new[] { submitted, rejected, withdrawn, approved }.Select(e => e?.Type));
        var approval = Assert.IsType<Dictionary<string, object?>>(rejected!.Data["approval"]);
        Assert.Equal("Wrong prices.", approval["comment"]);
        Assert.Equal(Lena.Name, Assert.IsType<Dictionary<string, object?>>(approved!.Data["approval"])["reviewedBy"]);
    }
}
