using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using static CampaignStudio.Tests.Features.Campaigns.Campaigns;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>The state machine: every state against every action, readiness, revisions, the change log.</summary>
public sealed class CampaignLifecycleTests
{
    /// <summary>Everything that can be done to a campaign, people's actions and the sending engine's.</summary>
    public enum Operation
    {
        EditBasics,
        EditAudience,
        EditContent,
        EditSchedule,
        Schedule,
        Unschedule,
        Pause,
        Resume,
        Stop,
        StartSending,
        Complete,
        Fail,
        Archive,
        Restore,
        Submit,
        Approve,
        Reject,
        Withdraw,
    }

    private const string Subject = "The campaign 'Diwali offer'";

    /// <summary>The specification: what each state allows. Everything else is refused.</summary>
    private static readonly Dictionary<CampaignStatus, Operation[]> Allowed = new()
    {
        [CampaignStatus.Draft] = [Operation.EditBasics, Operation.EditAudience, Operation.EditContent, Operation.EditSchedule, Operation.Schedule, Operation.Submit, Operation.Archive],
        [CampaignStatus.Scheduled] = [Operation.EditBasics, Operation.EditAudience, Operation.EditContent, Operation.EditSchedule, Operation.Unschedule, Operation.StartSending, Operation.Fail],
        [CampaignStatus.Sending] = [Operation.Pause, Operation.Stop, Operation.Complete, Operation.Fail],
        [CampaignStatus.Paused] = [Operation.Resume, Operation.Stop, Operation.Fail],
        [CampaignStatus.Completed] = [Operation.Archive],
        [CampaignStatus.Stopped] = [Operation.Archive],
        [CampaignStatus.Failed] = [Operation.Archive],
        [CampaignStatus.PendingApproval] = [Operation.Approve, Operation.Reject, Operation.Withdraw],
    };

    /// <summary>How each state is said, and what the refusal suggests instead.</summary>
    private static readonly Dictionary<CampaignStatus, (string Phrase, string Hint)> Words = new()
    {
        [CampaignStatus.Draft] = ("is a draft", "You can edit it, schedule it when it is ready, or archive it."),
        [CampaignStatus.Scheduled] = ("is scheduled", "You can edit or unschedule it until it starts sending."),
        [CampaignStatus.Sending] = ("is sending", "You can pause or stop it."),
        [CampaignStatus.Paused] = ("is paused", "You can resume or stop it."),
        [CampaignStatus.Completed] = ("has completed", "You can clone it to send it again, or archive it."),
        [CampaignStatus.Stopped] = ("was stopped", "You can clone it to send it again, or archive it."),
        [CampaignStatus.Failed] = ("has failed", "You can clone it to send it again, or archive it."),
        [CampaignStatus.PendingApproval] = ("is waiting for approval", "An approver approves or rejects it; whoever submitted it can withdraw it to change it."),
    };

    public static TheoryData<CampaignStatus, Operation> EveryStateAndOperation()
    {
        var data = new TheoryData<CampaignStatus, Operation>();
        foreach (var status in Enum.GetValues<CampaignStatus>())
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                data.Add(status, operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndOperation))]
    public void Operation_InEachState_IsAllowedOrRefusedWithItsExactMessage(CampaignStatus status, Operation operation)
    {
        var campaign = InState(status);
        var revision = campaign.Revision;
        var history = campaign.History.Count;

        var error = Record.Exception(() => Perform(campaign, operation));

        if (Allowed[status].Contains(operation))
        {
            Assert.Null(error);
            Assert.Equal(revision + 1, campaign.Revision);
            Assert.Equal(history + 1, campaign.History.Count);
        }
        else
        {
            var refused = Assert.IsType<InvalidStateException>(error);
            Assert.Equal(ExpectedRefusal(status, operation), refused.Message);
            Assert.Equal(status, campaign.Status);
            Assert.Equal(revision, campaign.Revision);
            Assert.Equal(history, campaign.History.Count);
        }
    }

    [Theory]
    [MemberData(nameof(EveryStateAndOperation))]
    public void AllowedActions_InEachState_MatchWhatTheCampaignAccepts(CampaignStatus status, Operation operation)
    {
        var action = operation switch
        {
            Operation.EditBasics or Operation.EditAudience or Operation.EditContent or Operation.EditSchedule => CampaignAction.Edit,
            Operation.Schedule => CampaignAction.Schedule,
            Operation.Unschedule => CampaignAction.Unschedule,
            Operation.Pause => CampaignAction.Pause,
            Operation.Resume => CampaignAction.Resume,
            Operation.Stop => CampaignAction.Stop,
            Operation.Archive => CampaignAction.Archive,
            Operation.Restore => CampaignAction.Restore,
            Operation.Approve => CampaignAction.Approve,
            Operation.Reject => CampaignAction.Reject,
            Operation.Withdraw => CampaignAction.Withdraw,
            _ => (CampaignAction?)null,
        };
        if (action is null)
        {
            return; // The sending engine's transitions are no buttons; submitting is the Schedule button where approval is required.
        }

        Assert.Equal(Allowed[status].Contains(operation), InState(status).Allows(action.Value));
    }

    [Theory]
    [InlineData(CampaignStatus.Draft, new[] { CampaignAction.Edit, CampaignAction.Schedule, CampaignAction.Clone, CampaignAction.Archive })]
    [InlineData(CampaignStatus.Scheduled, new[] { CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone })]
    [InlineData(CampaignStatus.Sending, new[] { CampaignAction.Pause, CampaignAction.Stop, CampaignAction.Clone })]
    [InlineData(CampaignStatus.Paused, new[] { CampaignAction.Resume, CampaignAction.Stop, CampaignAction.Clone })]
    [InlineData(CampaignStatus.Completed, new[] { CampaignAction.Clone, CampaignAction.Archive })]
    [InlineData(CampaignStatus.Stopped, new[] { CampaignAction.Clone, CampaignAction.Archive })]
    [InlineData(CampaignStatus.Failed, new[] { CampaignAction.Clone, CampaignAction.Archive })]
    [InlineData(CampaignStatus.PendingApproval, new[] { CampaignAction.Approve, CampaignAction.Reject, CampaignAction.Withdraw, CampaignAction.Clone })]
    public void AllowedActions_ForEachState_AreExactlyTheButtonsToShow(CampaignStatus status, CampaignAction[] expected)
    {
        Assert.Equal(expected, InState(status).AllowedActions);
    }

    [Fact]
    public void Archived_OnlyCloneAndRestore_AndEditsSayRestoreFirst()
    {
        var campaign = InState(CampaignStatus.Draft);
        campaign.Archive(Rohan, Now);

        var edit = Assert.Throws<InvalidStateException>(() => campaign.UpdateBasics(new CampaignBasics(Name, "changed"), campaign.Revision, Rohan, Now));
        var schedule = Assert.Throws<InvalidStateException>(() => campaign.Schedule(Rohan, Now));
        var archiveAgain = Assert.Throws<InvalidStateException>(() => campaign.Archive(Rohan, Now));

        Assert.Equal([CampaignAction.Clone, CampaignAction.Restore], campaign.AllowedActions);
        Assert.Equal($"{Subject} is archived: restore it before you change or schedule it.", edit.Message);
        Assert.Equal(edit.Message, schedule.Message);
        Assert.Equal($"{Subject} is already archived.", archiveAgain.Message);
        campaign.Restore(Rohan, Now);
        campaign.UpdateBasics(new CampaignBasics(Name, "changed"), campaign.Revision, Rohan, Now);
        Assert.Equal("changed", campaign.Description);
        Assert.False(campaign.IsArchived);
    }

    [Fact]
    public void Schedule_NewDraft_ListsEveryMissingPartByField()
    {
        var campaign = new Campaign(new CampaignBasics(Name), Rohan, Now);

        var missing = Assert.Throws<ValidationFailedException>(() => campaign.Schedule(Rohan, Now));

        Assert.Equal(["audience.include", "channels", "schedule"], missing.Errors.Keys.Order());
        Assert.Equal("Choose at least one segment to send to.", missing.Errors["audience.include"].Single());
        Assert.Equal(CampaignStatus.Draft, campaign.Status);
    }

    [Fact]
    public void Schedule_EmailWithOnlyASubject_NamesSenderAndBody()
    {
        var campaign = ReadyDraft();
        campaign.UpdateContent(CampaignChannels.Email | CampaignChannels.Sms, new CampaignContent { Email = new EmailContent { Subject = "Hi" }, Sms = new SmsContent { Text = "Hi" } }, campaign.Revision, Rohan, Now);

        var missing = Assert.Throws<ValidationFailedException>(() => campaign.Schedule(Rohan, Now));

        Assert.Equal(["content.email.htmlBody", "content.email.senderId"], missing.Errors.Keys.Order());
    }

    [Fact]
    public void Schedule_TimeAlreadyPassed_IsRefusedOnTheScheduleField()
    {
        var campaign = ReadyDraft();
        campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 1), new TimeOnly(9, 0), "Europe/Berlin"), campaign.Revision, Rohan, Now);

        var late = Assert.Throws<ValidationFailedException>(() => campaign.Schedule(Rohan, Now));

        Assert.Equal("The send time 2026-06-01 09:00 (Europe/Berlin) has passed; choose a later time.", late.Errors["schedule"].Single());
    }

    [Fact]
    public void Schedule_SendNow_SetsTheScheduledTimeToNow_AndUnscheduleClearsIt()
    {
        var campaign = ReadyDraft();

        campaign.Schedule(Rohan, Now);
        var scheduledFor = campaign.ScheduledForUtc;
        campaign.Unschedule(Rohan, Now.AddMinutes(1));

        Assert.Equal(Now, scheduledFor);
        Assert.Null(campaign.ScheduledForUtc);
        Assert.Equal(CampaignStatus.Draft, campaign.Status);
        Assert.Equal(CampaignScheduleKind.SendNow, campaign.ReadSchedule()?.Kind);
    }

    [Fact]
    public void EditWhileScheduled_ThatWouldLeaveItIncomplete_IsRefusedAndChangesNothing()
    {
        var campaign = InState(CampaignStatus.Scheduled);
        var revision = campaign.Revision;

        var refused = Assert.Throws<ValidationFailedException>(() =>
            campaign.UpdateContent(CampaignChannels.Sms, Sms("  "), campaign.Revision, Rohan, Now));
        var noAudience = Assert.Throws<ValidationFailedException>(() =>
            campaign.UpdateAudience(CampaignAudience.None, null, campaign.Revision, Rohan, Now));

        Assert.StartsWith("Write the SMS text. The campaign 'Diwali offer' is scheduled, so it must stay ready to send", refused.Errors["content.sms.text"].Single());
        Assert.Contains("audience.include", noAudience.Errors.Keys);
        Assert.Equal("Happy Diwali! Festive prices until Sunday.", campaign.ReadContent().Sms?.Text);
        Assert.Equal([Dealers.Id], campaign.IncludeSegmentIds);
        Assert.Equal(revision, campaign.Revision);
    }

    [Fact]
    public void EditWhileScheduled_ToAnotherCompleteVersion_StaysScheduled()
    {
        var campaign = InState(CampaignStatus.Scheduled);

        campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), campaign.Revision, Lena, Now);

        Assert.Equal(CampaignStatus.Scheduled, campaign.Status);
        Assert.Equal(new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc), campaign.ScheduledForUtc);
    }

    [Fact]
    public void Update_FromAnOlderRevision_IsAConflictNamingWhoChangedItAndWhen()
    {
        var campaign = ReadyDraft();
        var seen = campaign.Revision;
        campaign.UpdateBasics(new CampaignBasics(Name, "Lena's words"), seen, Lena, Now.AddMinutes(-5));

        var conflict = Assert.Throws<ConflictException>(() => campaign.UpdateContent(CampaignChannels.Sms, Sms("Rohan's words"), seen, Rohan, Now));

        Assert.Equal(
            "The campaign 'Diwali offer' was changed by Lena Fischer at 2026-06-01 11:55 UTC after you opened it, so your changes were not saved. Reload it to see that change, then save yours again.",
            conflict.Message);
        Assert.Equal("Happy Diwali! Festive prices until Sunday.", campaign.ReadContent().Sms?.Text);
        Assert.Equal(seen + 1, campaign.Revision);
    }

    [Fact]
    public void MarkSending_BeforeTheScheduledTime_IsRefused()
    {
        var campaign = ReadyDraft();
        campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), campaign.Revision, Rohan, Now);
        campaign.Schedule(Rohan, Now);

        var early = Assert.Throws<InvalidStateException>(() => campaign.MarkSending(Now));

        Assert.Equal($"{Subject} is scheduled for 2026-06-02 04:00 UTC: it cannot start sending before then.", early.Message);
        campaign.MarkSending(new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc));
        Assert.Equal(CampaignStatus.Sending, campaign.Status);
    }

    [Fact]
    public void Changes_AreRecordedWithWhoWhatAndAContentVersion()
    {
        var campaign = ReadyDraft();
        campaign.UpdateBasics(new CampaignBasics("Diwali offer 2026", null, new Dictionary<string, string> { ["region"] = "West" }, new Dictionary<string, string>()), campaign.Revision, Lena, Now);
        campaign.UpdateContent(CampaignChannels.Sms | CampaignChannels.Push, new CampaignContent { Sms = new SmsContent { Text = "New text" }, Push = new PushContent { Title = "Diwali", Body = "Offers inside" } }, campaign.Revision, Lena, Now);
        campaign.Schedule(Lena, Now);

        var log = campaign.History.Select(h => (h.Action, h.ActorName, h.Summary)).ToList();

        Assert.Equal(
        [
            (CampaignChangeAction.Created, "Rohan Mehta", "Created the draft 'Diwali offer'."),
            (CampaignChangeAction.AudienceChanged, "Rohan Mehta", "Include Dealers; exclude VIPs. About 120 contacts."),
            (CampaignChangeAction.ContentChanged, "Rohan Mehta", "Content version 1 (SMS): SMS added."),
            (CampaignChangeAction.ScheduleChanged, "Rohan Mehta", "Send as soon as it is scheduled."),
            (CampaignChangeAction.BasicsChanged, "Lena Fischer", "Renamed from 'Diwali offer' to 'Diwali offer 2026'; description removed; field region set to 'West'."),
            (CampaignChangeAction.ContentChanged, "Lena Fischer", "Content version 2 (SMS + Push): SMS: Text; Push added."),
            (CampaignChangeAction.Scheduled, "Lena Fischer", "Scheduled. Send as soon as it is scheduled."),
        ], log);
        Assert.Equal([1, 2], campaign.ContentVersions.Select(v => v.Version));
        Assert.Equal(2, campaign.History[5].ContentVersion);
        Assert.Equal(CampaignChannels.Sms | CampaignChannels.Push, campaign.ContentVersions[1].Channels);
        Assert.Equal("New text", campaign.ContentVersions[1].ReadContent().Sms?.Text);
    }

    [Fact]
    public void Save_WithoutAnyChange_KeepsTheRevisionAndRecordsNothing_ButANewWizardStepIsSaved()
    {
        var campaign = ReadyDraft();
        var revision = campaign.Revision;
        var history = campaign.History.Count;

        campaign.UpdateContent(CampaignChannels.Sms, Sms("Happy Diwali! Festive prices until Sunday."), revision, Rohan, Now, wizardStep: 3);
        campaign.UpdateContent(CampaignChannels.Sms, Sms("Happy Diwali! Festive prices until Sunday."), revision, Rohan, Now);

        Assert.Equal(revision, campaign.Revision);
        campaign.UpdateContent(CampaignChannels.Sms, Sms("Happy Diwali! Festive prices until Sunday."), revision, Rohan, Now, wizardStep: 4);
        Assert.Equal(revision + 1, campaign.Revision);
        Assert.Equal(4, campaign.WizardStep);
        Assert.Equal(history, campaign.History.Count);
        Assert.Equal(1, campaign.ContentVersion);
    }

    [Fact]
    public void UpdateContent_KeepsOnlyTheChosenChannelsAndTidiesInput()
    {
        var campaign = ReadyDraft();

        campaign.UpdateContent(CampaignChannels.Email, new CampaignContent
        {
            Email = new EmailContent { SenderId = 4, Subject = "  Diwali  ", ReplyTo = " ", HtmlBody = "<p>Hi</p>\r\n<p>there</p>" },
            Sms = new SmsContent { Text = "dropped" },
        }, campaign.Revision, Rohan, Now);

        var content = campaign.ReadContent();
        Assert.Null(content.Sms);
        Assert.Equal("Diwali", content.Email?.Subject);
        Assert.Null(content.Email?.ReplyTo);
        Assert.Equal("<p>Hi</p>\n<p>there</p>", content.Email?.HtmlBody);
        Assert.Equal(4, campaign.EmailSenderId);
        Assert.Equal(CampaignChannels.Email, campaign.Channels);
    }

    [Fact]
    public void UpdateContent_MalformedParts_AreFieldErrors()
    {
        var campaign = ReadyDraft();

        var invalid = Assert.Throws<ValidationFailedException>(() => campaign.UpdateContent(CampaignChannels.Email | CampaignChannels.Sms | CampaignChannels.WhatsApp | CampaignChannels.Push, new CampaignContent
        {
            Email = new EmailContent { ReplyTo = "not an address", Subject = new string('s', 251) },
            Sms = new SmsContent { Text = new string('x', 1601) },
            WhatsApp = new WhatsAppContent { TemplateName = "Diwali Offer", Language = "english", Variables = ["{{ contact.first_name }}", " "] },
            Push = new PushContent { Title = "Hi", Body = "There", ImageUrl = "http://cdn.example/x.png", DeepLink = "offers/diwali", Data = new Dictionary<string, string> { ["bad key"] = "1" } },
        }, campaign.Revision, Rohan, Now));

        Assert.Equal(
        [
            "content.email.replyTo", "content.email.subject", "content.push.data", "content.push.deepLink", "content.push.imageUrl",
            "content.sms.text", "content.whatsApp.language", "content.whatsApp.templateName", "content.whatsApp.variables[1]",
        ], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Fill in variable {{2}} or remove it.", invalid.Errors["content.whatsApp.variables[1]"].Single());
        Assert.Equal(1, campaign.ContentVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void New_WithoutName_IsAFieldError(string name)
    {
        var invalid = Assert.Throws<ValidationFailedException>(() => new Campaign(new CampaignBasics(name), Rohan, Now));

        Assert.Equal("Give the campaign a name of 1 to 200 characters.", invalid.Errors["name"].Single());
    }

    [Fact]
    public void New_NameOf200Characters_IsFine_201IsNot()
    {
        Assert.Equal(200, new Campaign(new CampaignBasics(new string('n', 200)), Rohan, Now).Name.Length);
        Assert.Throws<ValidationFailedException>(() => new Campaign(new CampaignBasics(new string('n', 201)), Rohan, Now));
    }

    [Fact]
    public void CloneAsDraft_CopiesEverythingButTheStateAndAPastSchedule()
    {
        var original = InState(CampaignStatus.Completed);

        var copy = original.CloneAsDraft(Lena, Now);

        Assert.Equal("Copy of Diwali offer", copy.Name);
        Assert.Equal(CampaignStatus.Draft, copy.Status);
        Assert.Equal(original.Description, copy.Description);
        Assert.Equal(original.IncludeSegmentIds, copy.IncludeSegmentIds);
        Assert.Equal(original.ExcludeSegmentIds, copy.ExcludeSegmentIds);
        Assert.Equal(original.ContentJson, copy.ContentJson);
        Assert.Equal(1, copy.ContentVersion);
        Assert.Equal(CampaignScheduleKind.SendNow, copy.ReadSchedule()?.Kind);
        Assert.Null(copy.ScheduledForUtc);
        Assert.Null(copy.StartedUtc);
        Assert.Equal("Lena Fischer", copy.CreatedByName);
        Assert.Equal(1, copy.Revision);
        Assert.StartsWith("Created the draft 'Copy of Diwali offer' as a copy of 'Diwali offer'", Assert.Single(copy.History).Summary);
    }

    [Fact]
    public void CloneAsDraft_ScheduleInThePast_IsLeftOut()
    {
        var original = ReadyDraft();
        original.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), original.Revision, Rohan, Now);

        var copy = original.CloneAsDraft(Lena, new DateTime(2026, 6, 3, 0, 0, 0, DateTimeKind.Utc));

        Assert.Null(copy.ReadSchedule());
    }

    [Fact]
    public void MissedBeyondGrace_WaitsForStartNow_WhichClearsItAndLetsTheEngineStart()
    {
        var campaign = Campaigns.InState(CampaignStatus.Draft);
        campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), campaign.Revision, Rohan, Now);
        campaign.Schedule(Rohan, Now);
        var late = campaign.ScheduledForUtc!.Value.AddHours(3);

        Assert.True(campaign.IsLateBeyond(TimeSpan.FromHours(1), late));
        Assert.False(campaign.IsLateBeyond(TimeSpan.FromHours(4), late));
        Assert.Throws<InvalidStateException>(() => campaign.ConfirmStart(Rohan, late));

        campaign.MarkMissed(late);

        Assert.Equal(late, campaign.AwaitingConfirmationSinceUtc);
        Assert.Equal([CampaignAction.StartNow, CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone], campaign.AllowedActions);
        Assert.Equal(CampaignChangeAction.Missed, campaign.History[^1].Action);

        campaign.ConfirmStart(Lena, late.AddMinutes(5));

        Assert.Null(campaign.AwaitingConfirmationSinceUtc);
        Assert.False(campaign.IsLateBeyond(TimeSpan.FromHours(1), late.AddMinutes(5)));
        Assert.Equal((CampaignChangeAction.StartConfirmed, "Lena Fischer"), (campaign.History[^1].Action, campaign.History[^1].ActorName));
        campaign.MarkSending(late.AddMinutes(6));
        Assert.Equal(CampaignStatus.Sending, campaign.Status);
    }

    [Fact]
    public void AutoPause_KeepsTheReasonUntilResumed()
    {
        var campaign = Campaigns.InState(CampaignStatus.Sending);

        campaign.AutoPause("62% of its recent Email messages failed.", Now);

        Assert.Equal((CampaignStatus.Paused, "62% of its recent Email messages failed."), (campaign.Status, campaign.PauseReason));
        Assert.Equal("Paused by itself: 62% of its recent Email messages failed.", campaign.History[^1].Summary);
        campaign.Resume(Rohan, Now);
        Assert.Null(campaign.PauseReason);
    }

    [Fact]
    public void MarkFailed_KeepsTheReasonForPeople()
    {
        var campaign = InState(CampaignStatus.Sending);

        campaign.MarkFailed("  The SMTP server refused the login.  ", Now);

        Assert.Equal("The SMTP server refused the login.", campaign.FailureReason);
        Assert.Equal(Now, campaign.CompletedUtc);
        Assert.Equal("Failed: The SMTP server refused the login.", campaign.History[^1].Summary);
        Assert.Equal("CampaignStudio", campaign.History[^1].ActorName);
    }

    private static void Perform(Campaign campaign, Operation operation)
    {
        switch (operation)
        {
            case Operation.EditBasics:
                campaign.UpdateBasics(new CampaignBasics(Name, "A new description"), campaign.Revision, Lena, Now);
                break;
            case Operation.EditAudience:
                campaign.UpdateAudience(new CampaignAudience([Dealers, Retail], []), 300, campaign.Revision, Lena, Now);
                break;
            case Operation.EditContent:
                campaign.UpdateContent(CampaignChannels.Sms, Sms("Festive prices, last days!"), campaign.Revision, Lena, Now);
                break;
            case Operation.EditSchedule:
                campaign.UpdateSchedule(CampaignSchedule.At(new DateOnly(2026, 6, 2), new TimeOnly(9, 30), "Asia/Kolkata"), campaign.Revision, Lena, Now);
                break;
            case Operation.Schedule:
                campaign.Schedule(Lena, Now);
                break;
            case Operation.Unschedule:
                campaign.Unschedule(Lena, Now);
                break;
            case Operation.Pause:
                campaign.Pause(Lena, Now);
                break;
            case Operation.Resume:
                campaign.Resume(Lena, Now);
                break;
            case Operation.Stop:
                campaign.Stop(Lena, Now);
                break;
            case Operation.StartSending:
                campaign.MarkSending(Now);
                break;
            case Operation.Complete:
                campaign.MarkCompleted(Now);
                break;
            case Operation.Fail:
                campaign.MarkFailed("The provider is down.", Now);
                break;
            case Operation.Archive:
                campaign.Archive(Lena, Now);
                break;
            case Operation.Restore:
                campaign.Restore(Lena, Now);
                break;
            case Operation.Submit:
                campaign.SubmitForApproval(Lena, Now);
                break;
            case Operation.Approve:
                campaign.Approve(Lena, Now, TimeSpan.FromHours(1));
                break;
            case Operation.Reject:
                campaign.Reject(Lena, Now, "The prices are wrong.");
                break;
            case Operation.Withdraw:
                campaign.Withdraw(Lena, Now);
                break;
        }
    }

    private static string ExpectedRefusal(CampaignStatus status, Operation operation)
    {
        var (phrase, hint) = Words[status];
        return (operation, status) switch
        {
            (Operation.Restore, _) => $"{Subject} is not archived.",
            (Operation.Schedule or Operation.Submit, CampaignStatus.Scheduled) => $"{Subject} is already scheduled. {hint}",
            (Operation.Schedule or Operation.Submit, CampaignStatus.PendingApproval) => $"{Subject} already waits for approval. {hint}",
            (Operation.Submit, _) => $"{Subject} {phrase}: you cannot submit it for approval. {hint}",
            (Operation.Approve, _) => $"{Subject} {phrase}, not waiting for approval: you cannot approve it. {hint}",
            (Operation.Reject, _) => $"{Subject} {phrase}, not waiting for approval: you cannot reject it. {hint}",
            (Operation.Withdraw, _) => $"{Subject} {phrase}, not waiting for approval: you cannot withdraw it from approval. {hint}",
            (Operation.Pause, CampaignStatus.Paused) => $"{Subject} is already paused. {hint}",
            (Operation.Resume, CampaignStatus.Sending) => $"{Subject} is already sending. {hint}",
            (Operation.EditBasics, _) => $"{Subject} {phrase}: its name and details can no longer change. {hint}",
            (Operation.EditAudience, _) => $"{Subject} {phrase}: its audience can no longer change. {hint}",
            (Operation.EditContent, _) => $"{Subject} {phrase}: its content can no longer change. {hint}",
            (Operation.EditSchedule, _) => $"{Subject} {phrase}: its schedule can no longer change. {hint}",
            (Operation.Schedule, _) => $"{Subject} {phrase}: you cannot schedule it. {hint}",
            (Operation.Unschedule, _) => $"{Subject} {phrase}: you cannot unschedule it. {hint}",
            (Operation.Pause, _) => $"{Subject} {phrase}: you cannot pause it. {hint}",
            (Operation.Resume, _) => $"{Subject} {phrase}: you cannot resume it. {hint}",
            (Operation.Stop, _) => $"{Subject} {phrase}: you cannot stop it. {hint}",
            (Operation.StartSending, _) => $"{Subject} {phrase}: you cannot start sending it. {hint}",
            (Operation.Complete, _) => $"{Subject} {phrase}: you cannot mark it as completed. {hint}",
            (Operation.Fail, _) => $"{Subject} {phrase}: you cannot mark it as failed. {hint}",
            (Operation.Archive, _) => $"{Subject} {phrase}: you cannot archive it. {hint}",
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}
