using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Scheduling;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>
/// Approval through the campaign service on a real database: the setting, who may approve, reject or withdraw (enforced
/// in the service), the four-eyes rule, revisions, the change log, and approval again after a change.
/// </summary>
public abstract class CampaignApprovalServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignApprovalServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignApprovalServiceTests(DatabaseKind.MySql);

    public const string ApproverEmail = "ada@example.test";
    public const string ApproverName = "Ada Approver";
    public const string OtherManagerEmail = "mia@example.test";

    private readonly FakeTimeProvider clock = Clock();

    /// <summary>The campaign world with an approver and a second campaign manager; approval required unless told otherwise.</summary>
    private async Task<(TestApp App, World World)> StartAsync(bool requireApproval = true, bool allowSelfApproval = false)
    {
        var app = await CampaignWorld.StartAsync(kind, clock);
        await app.CreateUserAsync(ApproverEmail, Roles.Approver, name: ApproverName);
        await app.CreateUserAsync(OtherManagerEmail, Roles.CampaignManager, name: "Mia Manager");
        var world = await SeedAsync(app);
        if (requireApproval)
        {
            await SetApprovalAsync(app, new CampaignApprovalSettings(true, allowSelfApproval));
        }

        return (app, world);
    }

    private static Task<CampaignApprovalSettings> SetApprovalAsync(TestApp app, CampaignApprovalSettings settings) =>
        AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, TestApp.AdminEmail, s => s.SaveAsync(settings));

    private static Task<CampaignDetails> AsApproverAsync(TestApp app, Func<CampaignService, Task<CampaignDetails>> act) => AsAsync(app, ApproverEmail, act);

    private static async Task<CampaignDetails> SubmittedAsync(TestApp app, World world, string email = ManagerEmail)
    {
        var draft = await ReadyDraftAsync(app, world, email: email);
        return await AsAsync<CampaignService, CampaignDetails>(app, email, s => s.ScheduleAsync(draft.Id, draft.Revision));
    }

    [Fact]
    public async Task Schedule_WithApprovalOff_SchedulesAtOnce()
    {
        var (app, world) = await StartAsync(requireApproval: false);
        await using var _ = app;

        var scheduled = await SubmittedAsync(app, world);

        Assert.Equal(CampaignStatus.Scheduled, scheduled.Status);
        Assert.Null(scheduled.Approval);
        Assert.Equal(CampaignApprovalSettings.Default, await AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, AnalystEmail, s => s.GetAsync()));
    }

    [Fact]
    public async Task Schedule_WithApprovalOn_WaitsForApproval_ThenTheApproverSchedulesIt_EveryStepInTheLog()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;

        var pending = await SubmittedAsync(app, world);
        clock.Advance(TimeSpan.FromMinutes(15));
        var approved = await AsApproverAsync(app, s => s.ApproveAsync(pending.Id, pending.Revision));

        Assert.Equal(CampaignStatus.PendingApproval, pending.Status);
        Assert.Equal((ManagerName, Campaigns.Now), (pending.Approval?.RequestedByName, pending.Approval?.RequestedUtc));
        Assert.Equal([CampaignAction.Approve, CampaignAction.Reject, CampaignAction.Withdraw, CampaignAction.Clone], pending.AllowedActions);
        Assert.Equal(CampaignStatus.Scheduled, approved.Status);
        Assert.Equal(new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc), approved.ScheduledForUtc);
        Assert.Equal((ApproverName, Campaigns.Now.AddMinutes(15), null), (approved.Approval?.ReviewedByName, approved.Approval?.ReviewedUtc, approved.Approval?.RejectionComment));
        Assert.Equal(pending.Revision + 1, approved.Revision);
        var log = await AsAsync<CampaignService, IReadOnlyList<CampaignChangeEntry>>(app, AnalystEmail, s => s.GetChangesAsync(pending.Id));
        Assert.Equal(
            [(CampaignChangeAction.Approved, ApproverName), (CampaignChangeAction.ApprovalRequested, ManagerName)],
            log.Take(2).Select(c => (c.Action, c.ActorName)));
        var listed = await AsAsync<CampaignService, CampaignPage>(app, AnalystEmail, s => s.ListAsync(new CampaignQuery { Statuses = [CampaignStatus.Scheduled] }));
        Assert.Equal([pending.Id], listed.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Authorisation_IsEnforcedInTheService_ManagersCannotApprove_ApproversCannotWithdrawOrEdit()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);

        var managerApproves = await Assert.ThrowsAsync<ForbiddenException>(() => AsManagerAsync(app, s => s.ApproveAsync(pending.Id, pending.Revision)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsManagerAsync(app, s => s.RejectAsync(pending.Id, "No.", pending.Revision)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignService, CampaignDetails>(app, AnalystEmail, s => s.ApproveAsync(pending.Id, pending.Revision)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsApproverAsync(app, s => s.WithdrawAsync(pending.Id, pending.Revision)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsApproverAsync(app, s => s.SaveContentAsync(pending.Id, SmsContent("Approver's text"), pending.Revision, 2)));
        var otherManager = await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignService, CampaignDetails>(app, OtherManagerEmail, s => s.WithdrawAsync(pending.Id, pending.Revision)));
        var edit = await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.SaveContentAsync(pending.Id, SmsContent("Sneaky change"), pending.Revision, 2)));
        var scheduleAgain = await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.ScheduleAsync(pending.Id, pending.Revision)));

        Assert.Contains("approve campaigns (Admin or Approver)", managerApproves.Message);
        Assert.Contains("Max Manager, who submitted", otherManager.Message);
        Assert.Contains("is waiting for approval: its content can no longer change", edit.Message);
        Assert.Contains("already waits for approval", scheduleAgain.Message);
        var now = await AsAsync<CampaignService, CampaignDetails>(app, AnalystEmail, s => s.GetAsync(pending.Id));
        Assert.Equal((CampaignStatus.PendingApproval, pending.Revision), (now.Status, now.Revision));
    }

    [Fact]
    public async Task SelfApproval_IsRefusedWhenConfigured_AnotherApproverMayApprove()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var own = await SubmittedAsync(app, world, TestApp.AdminEmail);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.ApproveAsync(own.Id, own.Revision)));
        var approved = await AsApproverAsync(app, s => s.ApproveAsync(own.Id, own.Revision));

        Assert.Equal($"You created the campaign '{own.Name}', so another approver must approve it.", refused.Message);
        Assert.Equal(CampaignStatus.Scheduled, approved.Status);
    }

    [Fact]
    public async Task SelfApproval_IsAllowedWhenTheSettingsSaySo()
    {
        var (app, world) = await StartAsync(allowSelfApproval: true);
        await using var _ = app;
        var own = await SubmittedAsync(app, world, TestApp.AdminEmail);

        var approved = await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.ApproveAsync(own.Id, own.Revision));

        Assert.Equal(CampaignStatus.Scheduled, approved.Status);
    }

    [Fact]
    public async Task Reject_NeedsAComment_ThenTheCampaignIsADraftShowingItAndTheLogHasIt()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);

        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => AsApproverAsync(app, s => s.RejectAsync(pending.Id, " ", pending.Revision)));
        var rejected = await AsApproverAsync(app, s => s.RejectAsync(pending.Id, "The discount ends on Sunday, not Monday.", pending.Revision));

        Assert.Equal(["comment"], missing.Errors.Keys);
        Assert.Equal(CampaignStatus.Draft, rejected.Status);
        var read = await AsManagerAsync(app, s => s.GetAsync(pending.Id));
        Assert.Equal(("The discount ends on Sunday, not Monday.", ApproverName), (read.Approval?.RejectionComment, read.Approval?.ReviewedByName));
        Assert.Contains(CampaignAction.Schedule, read.AllowedActions);
        var log = await AsAsync<CampaignService, IReadOnlyList<CampaignChangeEntry>>(app, ManagerEmail, s => s.GetChangesAsync(pending.Id));
        Assert.Equal((CampaignChangeAction.Rejected, "Rejected: The discount ends on Sunday, not Monday.", ApproverName), (log[0].Action, log[0].Summary, log[0].ActorName));
    }

    [Fact]
    public async Task Approve_WithAStaleRevision_IsAConflict_AndOfACampaignNotWaiting_IsRefusedByItsState()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);
        var draft = await ReadyDraftAsync(app, world, "Another");

        var stale = await Assert.ThrowsAsync<ConflictException>(() => AsApproverAsync(app, s => s.ApproveAsync(pending.Id, pending.Revision - 1)));
        var notWaiting = await Assert.ThrowsAsync<InvalidStateException>(() => AsApproverAsync(app, s => s.ApproveAsync(draft.Id, draft.Revision)));
        await Assert.ThrowsAsync<InvalidStateException>(() => AsApproverAsync(app, s => s.RejectAsync(draft.Id, "No.", draft.Revision)));

        Assert.Contains("was changed by Max Manager", stale.Message);
        Assert.Contains("is a draft, not waiting for approval: you cannot approve it", notWaiting.Message);
        Assert.Equal(CampaignStatus.PendingApproval, (await AsManagerAsync(app, s => s.GetAsync(pending.Id))).Status);
    }

    [Fact]
    public async Task Withdraw_ByWhoeverSubmitted_IsBackToDraft()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);

        var withdrawn = await AsManagerAsync(app, s => s.WithdrawAsync(pending.Id, pending.Revision));

        Assert.Equal(CampaignStatus.Draft, withdrawn.Status);
        Assert.Null(withdrawn.Approval?.RejectionComment);
    }

    [Fact]
    public async Task ChangingAnApprovedCampaign_MakesItADraftNeedingApprovalAgain_RenamingItDoesNot()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);
        var approved = await AsApproverAsync(app, s => s.ApproveAsync(pending.Id, pending.Revision));

        var renamed = await AsManagerAsync(app, s => s.SaveBasicsAsync(pending.Id, new CampaignBasicsInput { Name = "Diwali offer (dealers)" }, approved.Revision, 0));
        var changed = await AsManagerAsync(app, s => s.SaveContentAsync(pending.Id, SmsContent("Happy Diwali! 25 % off until Sunday."), renamed.Revision, 2));
        // The rest of the edit (the wizard's next step) still saves; scheduling asks for approval again.
        var moved = await AsManagerAsync(app, s => s.SaveScheduleAsync(pending.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.At, Date = "2026-06-03", Time = "10:00", TimeZone = "Asia/Kolkata" }, changed.Revision, 3));
        var again = await AsManagerAsync(app, s => s.ScheduleAsync(pending.Id, moved.Revision));

        Assert.Equal(CampaignStatus.Scheduled, renamed.Status);
        Assert.Equal(CampaignStatus.Draft, changed.Status);
        Assert.Null(changed.Approval?.ReviewedByName);
        Assert.Equal(CampaignStatus.PendingApproval, again.Status);
        var log = await AsAsync<CampaignService, IReadOnlyList<CampaignChangeEntry>>(app, ManagerEmail, s => s.GetChangesAsync(pending.Id));
        Assert.Equal(
            [CampaignChangeAction.ApprovalRequested, CampaignChangeAction.ScheduleChanged, CampaignChangeAction.Unscheduled, CampaignChangeAction.ContentChanged, CampaignChangeAction.BasicsChanged, CampaignChangeAction.Approved],
            log.Take(6).Select(c => c.Action));
        Assert.Contains("schedule it again to ask for approval again", log[2].Summary);
    }

    [Fact]
    public async Task Calendar_ShowsACampaignWaitingForApproval_AtItsTime()
    {
        var (app, world) = await StartAsync();
        await using var _ = app;
        var pending = await SubmittedAsync(app, world);

        var range = await AsAsync<CalendarService, CalendarRange>(app, AnalystEmail, s => s.GetAsync(new CalendarQuery { From = new DateOnly(2026, 6, 1), To = new DateOnly(2026, 6, 7) }));

        var entry = Assert.Single(range.Entries);
        Assert.Equal((pending.Id, CampaignStatus.PendingApproval, false), (entry.Id, entry.Status, entry.CanMove));
    }

    [Fact]
    public async Task Settings_OnlyAdminsChangeThem_EveryoneReadsThem()
    {
        var (app, _) = await StartAsync(requireApproval: false);
        await using var __ = app;

        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, ManagerEmail, s => s.SaveAsync(new CampaignApprovalSettings(true, false))));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, ApproverEmail, s => s.SaveAsync(new CampaignApprovalSettings(false, true))));
        await SetApprovalAsync(app, new CampaignApprovalSettings(true, false));
        await SetApprovalAsync(app, new CampaignApprovalSettings(true, true));

        Assert.Equal(new CampaignApprovalSettings(true, true), await AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, AnalystEmail, s => s.GetAsync()));
    }
}
