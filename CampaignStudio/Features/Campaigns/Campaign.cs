using System.Globalization;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A campaign: what it says on which channels, to whom, and when, and where it is in its life
/// (<see cref="CampaignStatus"/>). It guards its own state: content, audience and schedule change only while it is a
/// draft or scheduled (not while it waits for approval); once sending starts it can only be paused, resumed or stopped; a wrong action is an
/// <see cref="InvalidStateException"/> whose message says why and what can be done instead. Every edit names the
/// <see cref="Revision"/> it was based on, and every change is written to its <see cref="History"/>.
/// </summary>
public sealed partial class Campaign
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxAttributes = 50;
    public const int MaxAttributeValueLength = 1000;
    public const int MaxFailureReasonLength = 1000;
    public const int MaxWizardStep = 10;
    public const int MaxTimeZoneLength = 64;
    public const int MaxReviewCommentLength = 2000;

    /// <summary>Who the sending engine's changes (started, completed, failed) are recorded as.</summary>
    public static readonly Actor Engine = new("system", "CampaignStudio");

    private static readonly string EmptyContentJson = CampaignJson.Serialize(CampaignContent.Empty);

    private readonly List<CampaignSegment> segments = [];
    private readonly List<CampaignChange> history = [];
    private readonly List<CampaignContentVersion> contentVersions = [];

    private Campaign()
    {
    }

    /// <summary>A new draft.</summary>
    public Campaign(CampaignBasics basics, Actor createdBy, DateTime nowUtc)
        : this(basics, createdBy, nowUtc, null)
    {
    }

    private Campaign(CampaignBasics basics, Actor createdBy, DateTime nowUtc, string? createdSummary)
    {
        var errors = new FieldErrors();
        CheckBasics(basics, errors);
        errors.ThrowIfAny();
        ApplyBasics(basics);
        CreatedById = createdBy.Id;
        CreatedByName = createdBy.Name;
        CreatedUtc = nowUtc;
        UpdatedById = createdBy.Id;
        UpdatedByName = createdBy.Name;
        UpdatedUtc = nowUtc;
        Status = CampaignStatus.Draft;
        Document = new CampaignContentDocument(EmptyContentJson);
        Revision = 1;
        history.Add(new CampaignChange(CampaignChangeAction.Created, createdSummary ?? $"Created the draft '{Name}'.", createdBy, nowUtc));
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Upper-case <see cref="Name"/>: the same search and order on both database providers.</summary>
    public string NormalizedName { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>Values of the admin-defined campaign fields, by key, as JSON.</summary>
    public string FieldsJson { get; private set; } = "{}";

    /// <summary>Free key/values, as JSON.</summary>
    public string AttributesJson { get; private set; } = "{}";

    public string CreatedById { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public string UpdatedById { get; private set; } = "";

    public string UpdatedByName { get; private set; } = "";

    public DateTime UpdatedUtc { get; private set; }

    public CampaignStatus Status { get; private set; }

    /// <summary>Hidden from the list unless asked for; only a campaign that is not scheduled or sending can be archived.</summary>
    public bool IsArchived => ArchivedUtc is not null;

    /// <summary>When the campaign was archived; null while it is not (the list filters on this, which indexes well).</summary>
    public DateTime? ArchivedUtc { get; private set; }

    /// <summary>The wizard step the campaign was last saved at, so the wizard reopens there.</summary>
    public int WizardStep { get; private set; }

    public CampaignChannels Channels { get; private set; }

    /// <summary>The current <see cref="CampaignContent"/> as JSON; <see cref="ReadContent"/> reads it.</summary>
    public string ContentJson => Document.Json;

    /// <summary>Where the current content is kept: apart from the campaign's other values, which lists read often.</summary>
    internal CampaignContentDocument Document { get; private set; } = new("");

    /// <summary>The number of the current <see cref="CampaignContentVersion"/>; 0 before any content was saved.</summary>
    public int ContentVersion { get; private set; }

    /// <summary>The email's sender, kept as a column too so that a sender in use cannot be deleted.</summary>
    public int? EmailSenderId { get; private set; }

    public CampaignScheduleKind? ScheduleKind { get; private set; }

    /// <summary>
    /// When it goes out, in UTC: the chosen instant, the start of the recipient-local window, or (for send-now) the
    /// moment it was scheduled. What the list, the calendar and the sending engine sort and filter on.
    /// </summary>
    public DateTime? ScheduledForUtc { get; private set; }

    public string? ScheduleTimeZone { get; private set; }

    public DateOnly? ScheduleLocalDate { get; private set; }

    public TimeOnly? ScheduleLocalTime { get; private set; }

    /// <summary>The end of the recipient-local window.</summary>
    public DateTime? ScheduleLatestUtc { get; private set; }

    /// <summary>How many contacts the audience had when it was last saved (a snapshot, not a promise).</summary>
    public int? EstimatedAudience { get; private set; }

    public DateTime? AudienceEstimatedUtc { get; private set; }

    public DateTime? StartedUtc { get; private set; }

    /// <summary>When sending ended: completed, stopped or failed.</summary>
    public DateTime? CompletedUtc { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>
    /// Set when the send time passed while no instance was running, by more than the grace window: the campaign waits
    /// for someone to start it now (<see cref="ConfirmStart"/>) or give it a new time.
    /// </summary>
    public DateTime? AwaitingConfirmationSinceUtc { get; private set; }

    /// <summary>When someone confirmed a late start; the engine then starts it even though its time is long past.</summary>
    public DateTime? LateStartConfirmedUtc { get; private set; }

    /// <summary>Why the engine paused the campaign by itself, until it is resumed.</summary>
    public string? PauseReason { get; private set; }

    /// <summary>Who last submitted the campaign for approval (<see cref="CampaignStatus.PendingApproval"/>).</summary>
    public string? ApprovalRequestedById { get; private set; }

    public string? ApprovalRequestedByName { get; private set; }

    public DateTime? ApprovalRequestedUtc { get; private set; }

    /// <summary>Who last approved or rejected it, and when.</summary>
    public string? ReviewedById { get; private set; }

    public string? ReviewedByName { get; private set; }

    public DateTime? ReviewedUtc { get; private set; }

    /// <summary>Why the last approval request was rejected; cleared when it is submitted again.</summary>
    public string? RejectionComment { get; private set; }

    /// <summary>Goes up with every saved change; an edit based on an older revision is refused.</summary>
    public int Revision { get; private set; }

    /// <summary>The included and excluded segments (loaded with the campaign when it is to be changed).</summary>
    public IReadOnlyList<CampaignSegment> Segments => segments;

    /// <summary>The change log. Not loaded with the campaign: changes made through this instance are added here and saved with it.</summary>
    public IReadOnlyList<CampaignChange> History => history;

    /// <summary>Content versions; like <see cref="History"/>, only new ones are here unless loaded.</summary>
    public IReadOnlyList<CampaignContentVersion> ContentVersions => contentVersions;

    public IEnumerable<int> IncludeSegmentIds => segments.Where(s => s.Role == CampaignSegmentRole.Include).OrderBy(s => s.Position).Select(s => s.SegmentId);

    public IEnumerable<int> ExcludeSegmentIds => segments.Where(s => s.Role == CampaignSegmentRole.Exclude).OrderBy(s => s.Position).Select(s => s.SegmentId);

    /// <summary>When the campaign goes out, as chosen; null while a draft has no send time yet.</summary>
    public CampaignSchedule? ReadSchedule() => ScheduleKind is { } kind
        ? CampaignSchedule.Restore(kind, ScheduleLocalDate, ScheduleLocalTime, ScheduleTimeZone, kind == CampaignScheduleKind.SendNow ? null : ScheduledForUtc, ScheduleLatestUtc)
        : null;

    /// <summary>What a person may do now; the UI shows exactly these buttons.</summary>
    public IReadOnlyList<CampaignAction> AllowedActions => AllowedActionsFor(Status, IsArchived, AwaitingConfirmationSinceUtc is not null);

    public CampaignContent ReadContent() => CampaignJson.DeserializeContent(ContentJson);

    public IReadOnlyDictionary<string, string> ReadFields() => CampaignJson.DeserializeValues(FieldsJson);

    public IReadOnlyDictionary<string, string> ReadAttributes() => CampaignJson.DeserializeValues(AttributesJson);

    public bool Allows(CampaignAction action) => AllowedActions.Contains(action);

    /// <summary>The actions allowed in a state; lists use it without loading whole campaigns.</summary>
    public static IReadOnlyList<CampaignAction> AllowedActionsFor(CampaignStatus status, bool archived, bool awaitingConfirmation = false)
    {
        if (archived)
        {
            return [CampaignAction.Clone, CampaignAction.Restore];
        }

        if (status == CampaignStatus.Scheduled && awaitingConfirmation)
        {
            return [CampaignAction.StartNow, CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone];
        }

        return status switch
        {
            CampaignStatus.Draft => [CampaignAction.Edit, CampaignAction.Schedule, CampaignAction.Clone, CampaignAction.Archive],
            CampaignStatus.Scheduled => [CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone],
            CampaignStatus.Sending => [CampaignAction.Pause, CampaignAction.Stop, CampaignAction.Clone],
            CampaignStatus.Paused => [CampaignAction.Resume, CampaignAction.Stop, CampaignAction.Clone],
            CampaignStatus.PendingApproval => [CampaignAction.Approve, CampaignAction.Reject, CampaignAction.Withdraw, CampaignAction.Clone],
            _ => [CampaignAction.Clone, CampaignAction.Archive],
        };
    }

    /// <summary>What stops the campaign from being scheduled at <paramref name="nowUtc"/>, by field; empty when it is ready.</summary>
    public IReadOnlyDictionary<string, string[]> ReadinessProblems(DateTime nowUtc) =>
        Readiness(IncludeSegmentIds.Count(), Channels, ReadContent(), ReadSchedule(), nowUtc).ToDictionary();

    public void UpdateBasics(CampaignBasics basics, int expectedRevision, Actor by, DateTime nowUtc, int? wizardStep = null)
    {
        BeginEdit(Operation.EditBasics, expectedRevision, wizardStep);
        var errors = new FieldErrors();
        CheckBasics(basics, errors);
        errors.ThrowIfAny();
        var summary = ApplyBasics(basics);
        Finish(by, nowUtc, wizardStep, summary is null ? [] : [new CampaignChange(CampaignChangeAction.BasicsChanged, summary, by, nowUtc)]);
    }

    /// <summary>Sets the included and excluded segments and the audience size estimated for them.</summary>
    public void UpdateAudience(CampaignAudience audience, int? estimatedAudience, int expectedRevision, Actor by, DateTime nowUtc, int? wizardStep = null)
    {
        BeginEdit(Operation.EditAudience, expectedRevision, wizardStep);
        CheckAudience(audience);
        EnsureStillReady(audience.Include.Count, Channels, ReadContent(), ReadSchedule(), nowUtc);
        var summary = ApplyAudience(audience, estimatedAudience, nowUtc);
        Finish(by, nowUtc, wizardStep, summary is null ? [] : [new CampaignChange(CampaignChangeAction.AudienceChanged, summary, by, nowUtc)]);
    }

    /// <summary>Sets the channels and their content; a change is kept as a new <see cref="CampaignContentVersion"/>.</summary>
    public void UpdateContent(CampaignChannels channels, CampaignContent content, int expectedRevision, Actor by, DateTime nowUtc, int? wizardStep = null)
    {
        BeginEdit(Operation.EditContent, expectedRevision, wizardStep);
        var normalized = CheckContent(channels, content);
        EnsureStillReady(IncludeSegmentIds.Count(), channels, normalized, ReadSchedule(), nowUtc);
        var change = ApplyContent(channels, normalized, by, nowUtc);
        Finish(by, nowUtc, wizardStep, change is null ? [] : [change]);
    }

    /// <summary>Sets when the campaign goes out; null clears it (a draft may have no time yet).</summary>
    public void UpdateSchedule(CampaignSchedule? schedule, int expectedRevision, Actor by, DateTime nowUtc, int? wizardStep = null)
    {
        BeginEdit(Operation.EditSchedule, expectedRevision, wizardStep);
        EnsureStillReady(IncludeSegmentIds.Count(), Channels, ReadContent(), schedule, nowUtc);
        var summary = ApplySchedule(schedule, nowUtc);
        Finish(by, nowUtc, wizardStep, summary is null ? [] : [new CampaignChange(CampaignChangeAction.ScheduleChanged, summary, by, nowUtc)]);
    }

    /// <summary>
    /// Moves a draft or scheduled campaign to another send time (the calendar's drag or picker). A scheduled campaign
    /// stays scheduled at the new time; a campaign that is sending or has sent cannot move, and neither can any
    /// campaign move to a time that has already come.
    /// </summary>
    public void Reschedule(CampaignSchedule schedule, int expectedRevision, Actor by, DateTime nowUtc)
    {
        CheckRevision(expectedRevision);
        if (IsArchived || Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled))
        {
            throw new InvalidStateException(IsArchived
                ? $"{Subject} is archived: restore it before you move it."
                : $"{Subject} {StatePhrase}: only a draft or a scheduled campaign can move to another time. {Hint}");
        }

        if (schedule.Kind == CampaignScheduleKind.SendNow)
        {
            throw ValidationFailedException.For("schedule", "Choose a date and a time to move the campaign to.");
        }

        if (schedule.ProblemAt(nowUtc) is { } problem)
        {
            throw ValidationFailedException.For("schedule", problem);
        }

        UpdateSchedule(schedule, expectedRevision, by, nowUtc);
    }

    /// <summary>Replaces every part at once (one revision, one change entry per part that changed).</summary>
    public void Update(CampaignEdit edit, int expectedRevision, Actor by, DateTime nowUtc)
    {
        BeginEdit(Operation.EditContent, expectedRevision, edit.WizardStep);
        var errors = new FieldErrors();
        CheckBasics(edit.Basics, errors);
        errors.ThrowIfAny();
        CheckAudience(edit.Audience);
        var content = CheckContent(edit.Channels, edit.Content);
        EnsureStillReady(edit.Audience.Include.Count, edit.Channels, content, edit.Schedule, nowUtc);

        var changes = new List<CampaignChange>();
        if (ApplyBasics(edit.Basics) is { } basics)
        {
            changes.Add(new CampaignChange(CampaignChangeAction.BasicsChanged, basics, by, nowUtc));
        }

        if (ApplyAudience(edit.Audience, edit.EstimatedAudience, nowUtc) is { } audience)
        {
            changes.Add(new CampaignChange(CampaignChangeAction.AudienceChanged, audience, by, nowUtc));
        }

        if (ApplyContent(edit.Channels, content, by, nowUtc) is { } contentChange)
        {
            changes.Add(contentChange);
        }

        if (ApplySchedule(edit.Schedule, nowUtc) is { } schedule)
        {
            changes.Add(new CampaignChange(CampaignChangeAction.ScheduleChanged, schedule, by, nowUtc));
        }

        Finish(by, nowUtc, edit.WizardStep, changes);
    }

    /// <summary>
    /// Draft → Scheduled. Needs at least one included segment, complete content on every channel and a send time in
    /// the future; what is missing comes back as field errors.
    /// </summary>
    public void Schedule(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Schedule);
        var schedule = ReadSchedule();
        Readiness(IncludeSegmentIds.Count(), Channels, ReadContent(), schedule, nowUtc).ThrowIfAny();
        Status = CampaignStatus.Scheduled;
        if (schedule!.Kind == CampaignScheduleKind.SendNow)
        {
            ScheduledForUtc = nowUtc;
        }

        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Scheduled, $"Scheduled. {schedule.Describe()}.", by, nowUtc)]);
    }

    /// <summary>
    /// Draft → PendingApproval, where the workspace requires approval: the same readiness as <see cref="Schedule"/>,
    /// then it waits for an approver. Nothing about it can change meanwhile; the engine never starts it.
    /// </summary>
    public void SubmitForApproval(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Submit);
        var schedule = ReadSchedule();
        Readiness(IncludeSegmentIds.Count(), Channels, ReadContent(), schedule, nowUtc).ThrowIfAny();
        EnterApproval(by, nowUtc);
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.ApprovalRequested, $"Submitted for approval. {schedule!.Describe()}.", by, nowUtc)]);
    }

    /// <summary>
    /// Scheduled → Draft where approval is required and the audience, content or schedule of the scheduled campaign
    /// changed (in the same save): what was approved is no longer what would go out, so it goes back to draft (where
    /// the rest of an edit can still be saved) and needs to be scheduled, and approved, again.
    /// </summary>
    public void ReturnToDraftForApproval(Actor by, DateTime nowUtc)
    {
        if (IsArchived || Status != CampaignStatus.Scheduled)
        {
            throw new InvalidStateException($"{Subject} {StatePhrase}: only a scheduled campaign goes back to draft for approval after a change. {Hint}");
        }

        Status = CampaignStatus.Draft;
        ClearMissed();
        ReviewedById = null;
        ReviewedByName = null;
        ReviewedUtc = null;
        if (ScheduleKind == CampaignScheduleKind.SendNow)
        {
            ScheduledForUtc = null;
        }

        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Unscheduled, "Changed after it was approved: back to draft; schedule it again to ask for approval again.", by, nowUtc)]);
    }

    /// <summary>
    /// PendingApproval → Scheduled. "Send now" goes at once. A send time that passed while the campaign waited is
    /// treated like one missed while the app was down: within <paramref name="grace"/> the engine starts it at its
    /// next scan; later than that it waits for someone to start it now or give it a new time (it never goes out hours
    /// late by itself).
    /// </summary>
    public void Approve(Actor by, DateTime nowUtc, TimeSpan grace, int? expectedRevision = null, string? comment = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Approve);
        var note = comment?.Trim() ?? "";
        if (note.Length > MaxReviewCommentLength)
        {
            throw ValidationFailedException.For("comment", $"Keep the comment to {MaxReviewCommentLength} characters.");
        }

        var schedule = ReadSchedule()!;
        Status = CampaignStatus.Scheduled;
        ClearMissed();
        ReviewedById = by.Id;
        ReviewedByName = by.Name;
        ReviewedUtc = nowUtc;
        RejectionComment = null;
        var summary = $"Approved: scheduled. {schedule.Describe()}.";
        if (schedule.Kind == CampaignScheduleKind.SendNow)
        {
            ScheduledForUtc = nowUtc;
        }
        else if (ScheduledForUtc is { } due && due <= nowUtc)
        {
            if (IsLateBeyond(grace, nowUtc))
            {
                AwaitingConfirmationSinceUtc = nowUtc;
                summary += $" Its send time ({CampaignSchedule.FormatUtc(due)}) passed while it waited for approval, too long ago to start by itself: it waits; start it now, or give it a new time.";
            }
            else
            {
                summary += $" Its send time ({CampaignSchedule.FormatUtc(due)}) passed while it waited for approval: it starts now.";
            }
        }

        if (note.Length > 0)
        {
            summary += $" Comment: {note}";
        }

        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Approved, summary, by, nowUtc)]);
    }

    /// <summary>PendingApproval → Draft with the reason, which the campaign's page and change log show.</summary>
    public void Reject(Actor by, DateTime nowUtc, string? comment, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Reject);
        var reason = comment?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReviewCommentLength)
        {
            throw ValidationFailedException.For("comment", reason.Length == 0
                ? "Say why it is rejected, so that its creator knows what to change."
                : $"Keep the comment to {MaxReviewCommentLength} characters.");
        }

        LeaveApproval();
        ReviewedById = by.Id;
        ReviewedByName = by.Name;
        ReviewedUtc = nowUtc;
        RejectionComment = reason;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Rejected, $"Rejected: {reason}", by, nowUtc)]);
    }

    /// <summary>PendingApproval → Draft, by the person who asked (or an admin): to change it, or not send it after all.</summary>
    public void Withdraw(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Withdraw);
        LeaveApproval();
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Withdrawn, "Withdrawn from approval: back to draft; it will not go out until it is submitted and approved again.", by, nowUtc)]);
    }

    /// <summary>Whether <paramref name="userId"/> created the campaign or asked for its approval (four-eyes rule).</summary>
    public bool IsOwnedBy(string userId) => userId == CreatedById || userId == ApprovalRequestedById;

    private void EnterApproval(Actor by, DateTime nowUtc)
    {
        Status = CampaignStatus.PendingApproval;
        ClearMissed();
        ApprovalRequestedById = by.Id;
        ApprovalRequestedByName = by.Name;
        ApprovalRequestedUtc = nowUtc;
        ReviewedById = null;
        ReviewedByName = null;
        ReviewedUtc = null;
        RejectionComment = null;
        if (ScheduleKind == CampaignScheduleKind.SendNow)
        {
            // "As soon as it is scheduled": that moment is the approval.
            ScheduledForUtc = null;
        }
    }

    private void LeaveApproval()
    {
        Status = CampaignStatus.Draft;
        if (ScheduleKind == CampaignScheduleKind.SendNow)
        {
            ScheduledForUtc = null;
        }
    }

    /// <summary>Scheduled → Draft: it will not go out until scheduled again.</summary>
    public void Unschedule(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Unschedule);
        Status = CampaignStatus.Draft;
        ClearMissed();
        if (ScheduleKind == CampaignScheduleKind.SendNow)
        {
            ScheduledForUtc = null;
        }

        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Unscheduled, "Unscheduled: back to draft; it will not go out until it is scheduled again.", by, nowUtc)]);
    }

    public void Pause(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Pause);
        Status = CampaignStatus.Paused;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Paused, "Paused sending.", by, nowUtc)]);
    }

    public void Resume(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Resume);
        Status = CampaignStatus.Sending;
        PauseReason = null;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Resumed, "Resumed sending.", by, nowUtc)]);
    }

    /// <summary>Sending → Paused by the engine itself (e.g. too many failures), with the reason people will read.</summary>
    public void AutoPause(string reason, DateTime nowUtc)
    {
        Require(Operation.Pause);
        Status = CampaignStatus.Paused;
        PauseReason = reason.Length > MaxFailureReasonLength ? reason[..(MaxFailureReasonLength - 1)] + "…" : reason;
        Finish(Engine, nowUtc, null, [new CampaignChange(CampaignChangeAction.Paused, $"Paused by itself: {PauseReason}", Engine, nowUtc)]);
    }

    /// <summary>
    /// The send time passed while the app was down, longer ago than the grace window: the engine does not start the
    /// campaign by itself but waits for someone to confirm.
    /// </summary>
    public void MarkMissed(DateTime nowUtc)
    {
        Require(Operation.StartSending);
        if (AwaitingConfirmationSinceUtc is not null)
        {
            return;
        }

        AwaitingConfirmationSinceUtc = nowUtc;
        Finish(Engine, nowUtc, null, [new CampaignChange(CampaignChangeAction.Missed, $"Missed its send time ({CampaignSchedule.FormatUtc(ScheduledForUtc!.Value)}) while CampaignStudio was not running. It waits: start it now, or give it a new time.", Engine, nowUtc)]);
    }

    /// <summary>Starts a campaign that missed its time: the engine picks it up at its next scan.</summary>
    public void ConfirmStart(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.ConfirmStart);
        ClearMissed();
        LateStartConfirmedUtc = nowUtc;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.StartConfirmed, "Confirmed: start now although the send time has passed.", by, nowUtc)]);
    }

    /// <summary>Whether the engine may start it at <paramref name="nowUtc"/>: its time has come and, if long past, someone confirmed.</summary>
    public bool IsLateBeyond(TimeSpan grace, DateTime nowUtc) =>
        ScheduleKind != CampaignScheduleKind.SendNow && LateStartConfirmedUtc is null && ScheduledForUtc is { } due && nowUtc - due > grace;

    /// <summary>Sending or Paused → Stopped: messages not sent yet are not sent.</summary>
    public void Stop(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Stop);
        Status = CampaignStatus.Stopped;
        CompletedUtc = nowUtc;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Stopped, "Stopped sending; messages not sent yet will not be sent.", by, nowUtc)]);
    }

    /// <summary>Scheduled → Sending, by the sending engine, once the send time has come.</summary>
    public void MarkSending(DateTime nowUtc)
    {
        Require(Operation.StartSending);
        if (ScheduledForUtc > nowUtc)
        {
            throw new InvalidStateException($"{Subject} is scheduled for {CampaignSchedule.FormatUtc(ScheduledForUtc.Value)}: it cannot start sending before then.");
        }

        Status = CampaignStatus.Sending;
        StartedUtc = nowUtc;
        ClearMissed();
        Finish(Engine, nowUtc, null, [new CampaignChange(CampaignChangeAction.SendingStarted, "Started sending.", Engine, nowUtc)]);
    }

    /// <summary>Sending → Completed, by the sending engine, when every message has a result.</summary>
    public void MarkCompleted(DateTime nowUtc)
    {
        Require(Operation.Complete);
        Status = CampaignStatus.Completed;
        CompletedUtc = nowUtc;
        Finish(Engine, nowUtc, null, [new CampaignChange(CampaignChangeAction.Completed, "Finished sending.", Engine, nowUtc)]);
    }

    /// <summary>Sending or Paused → Failed, by the sending engine, with the reason people will read.</summary>
    public void MarkFailed(string reason, DateTime nowUtc)
    {
        Require(Operation.Fail);
        reason = string.IsNullOrWhiteSpace(reason) ? "No reason was given." : reason.Trim();
        FailureReason = reason.Length > MaxFailureReasonLength ? reason[..(MaxFailureReasonLength - 1)] + "…" : reason;
        Status = CampaignStatus.Failed;
        CompletedUtc = nowUtc;
        Finish(Engine, nowUtc, null, [new CampaignChange(CampaignChangeAction.Failed, $"Failed: {FailureReason}", Engine, nowUtc)]);
    }

    public void Archive(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Archive);
        ArchivedUtc = nowUtc;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Archived, "Archived.", by, nowUtc)]);
    }

    public void Restore(Actor by, DateTime nowUtc, int? expectedRevision = null)
    {
        CheckRevision(expectedRevision);
        Require(Operation.Restore);
        ArchivedUtc = null;
        Finish(by, nowUtc, null, [new CampaignChange(CampaignChangeAction.Restored, "Restored from the archive.", by, nowUtc)]);
    }

    /// <summary>
    /// A new draft "Copy of …" with the same basics, audience, channels and content (as its content version 1) and
    /// the same schedule if that is still in the future. Needs <see cref="Segments"/> loaded.
    /// </summary>
    public Campaign CloneAsDraft(Actor by, DateTime nowUtc)
    {
        var name = "Copy of " + Name;
        if (name.Length > MaxNameLength)
        {
            name = name[..(MaxNameLength - 1)].TrimEnd() + "…";
        }

        var copy = new Campaign(new CampaignBasics(name, Description, ReadFields(), ReadAttributes()), by, nowUtc, $"Created the draft '{name}' as a copy of '{Name}' (campaign {Id.ToString(CultureInfo.InvariantCulture)}).");
        copy.segments.AddRange(segments.Select(s => new CampaignSegment(s.SegmentId, s.Role, s.Position)));
        copy.EstimatedAudience = EstimatedAudience;
        copy.AudienceEstimatedUtc = AudienceEstimatedUtc;
        if (Channels != CampaignChannels.None || ContentJson != EmptyContentJson)
        {
            copy.Channels = Channels;
            copy.Document = new CampaignContentDocument(ContentJson);
            copy.EmailSenderId = EmailSenderId;
            copy.ContentVersion = 1;
            copy.contentVersions.Add(new CampaignContentVersion(1, Channels, ContentJson, by, nowUtc));
        }

        if (ReadSchedule() is { } schedule && schedule.ProblemAt(nowUtc) is null)
        {
            copy.SetSchedule(schedule, nowUtc);
        }

        copy.WizardStep = WizardStep;
        return copy;
    }

    private string Subject => $"The campaign '{Name}'";

    private void BeginEdit(Operation operation, int expectedRevision, int? wizardStep)
    {
        CheckRevision(expectedRevision);
        Require(operation);
        if (wizardStep is < 0 or > MaxWizardStep)
        {
            throw ValidationFailedException.For("wizardStep", $"The wizard step is 0 to {MaxWizardStep}.");
        }
    }

    private void CheckRevision(int? expectedRevision)
    {
        if (expectedRevision is { } expected && expected != Revision)
        {
            throw new ConflictException(ConflictMessage(Name, UpdatedByName, UpdatedUtc));
        }
    }

    /// <summary>What someone whose edit lost to a newer one reads.</summary>
    public static string ConflictMessage(string name, string changedBy, DateTime changedUtc) =>
        $"The campaign '{name}' was changed by {changedBy} at {CampaignSchedule.FormatUtc(changedUtc)} after you opened it, so your changes were not saved. Reload it to see that change, then save yours again.";

    /// <summary>Saves the bookkeeping of a change: who, when, the next revision, the log. Nothing changed, nothing saved.</summary>
    private void Finish(Actor by, DateTime nowUtc, int? wizardStep, IReadOnlyList<CampaignChange> changes)
    {
        var stepChanged = wizardStep is { } step && step != WizardStep;
        if (changes.Count == 0 && !stepChanged)
        {
            return;
        }

        if (wizardStep is { } newStep)
        {
            WizardStep = newStep;
        }

        history.AddRange(changes);
        UpdatedById = by.Id;
        UpdatedByName = by.Name;
        UpdatedUtc = nowUtc;
        Revision++;
    }

    private static void CheckBasics(CampaignBasics basics, FieldErrors errors)
    {
        var name = basics.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Add("name", $"Give the campaign a name of 1 to {MaxNameLength} characters.");
        }

        errors.MaxLength("description", basics.Description?.Trim(), MaxDescriptionLength, "A description");
        if (basics.Attributes.Count > MaxAttributes)
        {
            errors.Add("attributes", $"A campaign has at most {MaxAttributes} attributes.");
        }

        foreach (var (key, value) in basics.Attributes)
        {
            if (!AttributeKeyPattern().IsMatch(key.Trim()))
            {
                errors.Add("attributes", $"The attribute name '{key}' must be 1 to 64 letters, digits, '_', '-' or '.'.");
            }

            if (value?.Length > MaxAttributeValueLength)
            {
                errors.Add("attributes", $"The value of '{key}' is at most {MaxAttributeValueLength} characters.");
            }
        }
    }

    /// <summary>Applies checked basics; returns what changed, in words, or null.</summary>
    private string? ApplyBasics(CampaignBasics basics)
    {
        var name = basics.Name.Trim();
        var description = string.IsNullOrWhiteSpace(basics.Description) ? null : basics.Description.Trim();
        var fieldsJson = CampaignJson.Serialize(basics.Fields);
        var attributesJson = CampaignJson.Serialize(basics.Attributes
            .GroupBy(a => a.Key.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value?.Trim() ?? "", StringComparer.Ordinal));
        var said = new List<string>();
        if (name != Name && Name.Length > 0)
        {
            said.Add($"renamed from '{Name}' to '{name}'");
        }

        if (description != Description && Name.Length > 0)
        {
            said.Add(description is null ? "description removed" : "description changed");
        }

        if (fieldsJson != FieldsJson && Name.Length > 0)
        {
            said.Add(DescribeValueChanges("field", ReadFields(), basics.Fields));
        }

        if (attributesJson != AttributesJson && Name.Length > 0)
        {
            said.Add(DescribeValueChanges("attribute", ReadAttributes(), CampaignJson.DeserializeValues(attributesJson)));
        }

        var changed = name != Name || description != Description || fieldsJson != FieldsJson || attributesJson != AttributesJson;
        Name = name;
        NormalizedName = NormalizeName(name);
        Description = description;
        FieldsJson = fieldsJson;
        AttributesJson = attributesJson;
        return changed && said.Count > 0 ? Sentence(said) : null;
    }

    public static string NormalizeName(string name) => name.Trim().ToUpperInvariant();

    private static string DescribeValueChanges(string what, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var parts = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(key, out var old);
            var has = after.TryGetValue(key, out var now);
            if (!had)
            {
                parts.Add($"{what} {key} set to '{Short(now)}'");
            }
            else if (!has)
            {
                parts.Add($"{what} {key} cleared");
            }
            else if (old != now)
            {
                parts.Add($"{what} {key} changed from '{Short(old)}' to '{Short(now)}'");
            }
        }

        return string.Join(", ", parts);
    }

    private static string Short(string? value) => value is { Length: > 60 } ? value[..59] + "…" : value ?? "";

    private static string Sentence(IReadOnlyList<string> parts)
    {
        var text = string.Join("; ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    private static void CheckAudience(CampaignAudience audience)
    {
        var errors = new FieldErrors();
        if (audience.Include.Count > CampaignAudience.MaxSegments)
        {
            errors.Add("audience.include", $"Include at most {CampaignAudience.MaxSegments} segments.");
        }

        if (audience.Exclude.Count > CampaignAudience.MaxSegments)
        {
            errors.Add("audience.exclude", $"Exclude at most {CampaignAudience.MaxSegments} segments.");
        }

        if (audience.Include.Select(s => s.Id).Distinct().Count() != audience.Include.Count)
        {
            errors.Add("audience.include", "A segment is included twice.");
        }

        if (audience.Exclude.Select(s => s.Id).Distinct().Count() != audience.Exclude.Count)
        {
            errors.Add("audience.exclude", "A segment is excluded twice.");
        }

        foreach (var both in audience.Include.IntersectBy(audience.Exclude.Select(s => s.Id), s => s.Id))
        {
            errors.Add("audience.exclude", $"The segment '{both.Name}' cannot be both included and excluded.");
        }

        errors.ThrowIfAny();
    }

    private string? ApplyAudience(CampaignAudience audience, int? estimatedAudience, DateTime nowUtc)
    {
        var wanted = audience.Include.Select((s, i) => (s.Id, Role: CampaignSegmentRole.Include, Position: i))
            .Concat(audience.Exclude.Select((s, i) => (s.Id, Role: CampaignSegmentRole.Exclude, Position: i)))
            .ToList();
        var same = wanted.Count == segments.Count && wanted.All(w => segments.Any(s => s.SegmentId == w.Id && s.Role == w.Role && s.Position == w.Position));
        var estimate = estimatedAudience is { } size ? $" About {size.ToString("N0", CultureInfo.InvariantCulture)} contacts." : "";
        if (same)
        {
            if (estimatedAudience is null || estimatedAudience == EstimatedAudience)
            {
                return null;
            }

            EstimatedAudience = estimatedAudience;
            AudienceEstimatedUtc = nowUtc;
            return $"Audience estimate updated.{estimate}";
        }

        segments.RemoveAll(s => !wanted.Any(w => w.Id == s.SegmentId));
        foreach (var (id, role, position) in wanted)
        {
            if (segments.FirstOrDefault(s => s.SegmentId == id) is { } existing)
            {
                existing.Place(role, position);
            }
            else
            {
                segments.Add(new CampaignSegment(id, role, position));
            }
        }

        EstimatedAudience = estimatedAudience;
        AudienceEstimatedUtc = estimatedAudience is null ? null : nowUtc;
        return $"{audience.Describe()}.{estimate}";
    }

    private static CampaignContent CheckContent(CampaignChannels channels, CampaignContent content)
    {
        if ((channels & ~(CampaignChannels.Email | CampaignChannels.Sms | CampaignChannels.WhatsApp | CampaignChannels.Push)) != 0)
        {
            throw ValidationFailedException.For("channels", "Choose channels among Email, SMS, WhatsApp and Push.");
        }

        var normalized = content.For(channels);
        var errors = normalized.FormatErrors();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return normalized;
    }

    private CampaignChange? ApplyContent(CampaignChannels channels, CampaignContent content, Actor by, DateTime nowUtc)
    {
        var json = CampaignJson.Serialize(content);
        if (channels == Channels && json == ContentJson)
        {
            return null;
        }

        var diff = CampaignContentDiff.Compare(Channels, ReadContent(), channels, content);
        Channels = channels;
        Document.Json = json;
        EmailSenderId = content.Email?.SenderId;
        ContentVersion++;
        contentVersions.Add(new CampaignContentVersion(ContentVersion, channels, json, by, nowUtc));
        return new CampaignChange(
            CampaignChangeAction.ContentChanged,
            $"Content version {ContentVersion.ToString(CultureInfo.InvariantCulture)} ({channels.Describe()}): {diff.Summarize()}.",
            by,
            nowUtc,
            ContentVersion);
    }

    private string? ApplySchedule(CampaignSchedule? schedule, DateTime nowUtc)
    {
        if (Equals(schedule, ReadSchedule()))
        {
            return null;
        }

        SetSchedule(schedule, nowUtc);
        return schedule is null ? "Send time cleared." : $"{schedule.Describe()}.";
    }

    private void ClearMissed()
    {
        AwaitingConfirmationSinceUtc = null;
        LateStartConfirmedUtc = null;
    }

    private void SetSchedule(CampaignSchedule? schedule, DateTime nowUtc)
    {
        ClearMissed();
        ScheduleKind = schedule?.Kind;
        ScheduleLocalDate = schedule?.LocalDate;
        ScheduleLocalTime = schedule?.LocalTime;
        ScheduleTimeZone = schedule?.TimeZone;
        ScheduleLatestUtc = schedule?.LatestUtc;
        ScheduledForUtc = schedule?.Kind == CampaignScheduleKind.SendNow
            ? (Status == CampaignStatus.Scheduled ? nowUtc : null)
            : schedule?.EarliestUtc;
    }

    /// <summary>A scheduled campaign stays ready to go: an edit that would make it incomplete is refused.</summary>
    private void EnsureStillReady(int includeCount, CampaignChannels channels, CampaignContent content, CampaignSchedule? schedule, DateTime nowUtc)
    {
        if (Status != CampaignStatus.Scheduled)
        {
            return;
        }

        var problems = Readiness(includeCount, channels, content, schedule, nowUtc);
        if (problems.Any)
        {
            var errors = problems.ToDictionary();
            throw new ValidationFailedException(errors.ToDictionary(
                e => e.Key,
                e => e.Value.Select(m => $"{m} {Subject} is scheduled, so it must stay ready to send; unschedule it to save an unfinished version.").ToArray()));
        }
    }

    private static FieldErrors Readiness(int includeCount, CampaignChannels channels, CampaignContent content, CampaignSchedule? schedule, DateTime nowUtc)
    {
        var errors = new FieldErrors();
        if (includeCount == 0)
        {
            errors.Add("audience.include", "Choose at least one segment to send to.");
        }

        errors.AddRange(content.MissingParts(channels));
        if (schedule is null)
        {
            errors.Add("schedule", "Choose when to send.");
        }
        else if (schedule.ProblemAt(nowUtc) is { } problem)
        {
            errors.Add("schedule", problem);
        }

        return errors;
    }

    /// <summary>Everything that can be done to a campaign, including the sending engine's transitions.</summary>
    private enum Operation
    {
        EditBasics,
        EditAudience,
        EditContent,
        EditSchedule,
        Schedule,
        Unschedule,
        Submit,
        Approve,
        Reject,
        Withdraw,
        Pause,
        Resume,
        Stop,
        StartSending,
        ConfirmStart,
        Complete,
        Fail,
        Archive,
        Restore,
    }

    private static bool IsEdit(Operation operation) => operation is Operation.EditBasics or Operation.EditAudience or Operation.EditContent or Operation.EditSchedule;

    private bool IsAllowed(Operation operation) => operation switch
    {
        _ when IsEdit(operation) => !IsArchived && Status is CampaignStatus.Draft or CampaignStatus.Scheduled,
        Operation.Schedule or Operation.Submit => !IsArchived && Status == CampaignStatus.Draft,
        Operation.Approve or Operation.Reject or Operation.Withdraw => !IsArchived && Status == CampaignStatus.PendingApproval,
        Operation.Unschedule or Operation.StartSending => Status == CampaignStatus.Scheduled,
        Operation.ConfirmStart => !IsArchived && Status == CampaignStatus.Scheduled && AwaitingConfirmationSinceUtc is not null,
        Operation.Pause or Operation.Complete => Status == CampaignStatus.Sending,
        Operation.Resume => Status == CampaignStatus.Paused,
        Operation.Stop => Status is CampaignStatus.Sending or CampaignStatus.Paused,
        Operation.Fail => Status is CampaignStatus.Scheduled or CampaignStatus.Sending or CampaignStatus.Paused,
        Operation.Archive => !IsArchived && Status is CampaignStatus.Draft or CampaignStatus.Completed or CampaignStatus.Stopped or CampaignStatus.Failed,
        Operation.Restore => IsArchived,
        _ => false,
    };

    /// <summary>Throws, in words a person understands, unless <paramref name="operation"/> fits the current state.</summary>
    private void Require(Operation operation)
    {
        if (!IsAllowed(operation))
        {
            throw new InvalidStateException(Refusal(operation));
        }
    }

    private string Refusal(Operation operation)
    {
        if (IsArchived && (IsEdit(operation) || operation is Operation.Schedule or Operation.Submit))
        {
            return $"{Subject} is archived: restore it before you change or schedule it.";
        }

        return (operation, Status) switch
        {
            (Operation.Archive, _) when IsArchived => $"{Subject} is already archived.",
            (Operation.Restore, _) => $"{Subject} is not archived.",
            (Operation.Schedule or Operation.Submit, CampaignStatus.Scheduled) => $"{Subject} is already scheduled. {Hint}",
            (Operation.Schedule or Operation.Submit, CampaignStatus.PendingApproval) => $"{Subject} already waits for approval. {Hint}",
            (Operation.Approve or Operation.Reject or Operation.Withdraw, _) => $"{Subject} {StatePhrase}, not waiting for approval: you cannot {Verb(operation)}. {Hint}",
            (Operation.Pause, CampaignStatus.Paused) => $"{Subject} is already paused. {Hint}",
            (Operation.Resume, CampaignStatus.Sending) => $"{Subject} is already sending. {Hint}",
            _ when IsEdit(operation) => $"{Subject} {StatePhrase}: its {EditedPart(operation)} can no longer change. {Hint}",
            _ => $"{Subject} {StatePhrase}: you cannot {Verb(operation)}. {Hint}",
        };
    }

    private string StatePhrase => Status switch
    {
        CampaignStatus.Draft => "is a draft",
        CampaignStatus.Scheduled => "is scheduled",
        CampaignStatus.Sending => "is sending",
        CampaignStatus.Paused => "is paused",
        CampaignStatus.Completed => "has completed",
        CampaignStatus.Stopped => "was stopped",
        CampaignStatus.Failed => "has failed",
        CampaignStatus.PendingApproval => "is waiting for approval",
        _ => $"is {Status}",
    };

    /// <summary>What can be done instead, by state.</summary>
    private string Hint => IsArchived
        ? "You can clone it or restore it."
        : Status switch
        {
            CampaignStatus.Draft => "You can edit it, schedule it when it is ready, or archive it.",
            CampaignStatus.Scheduled => "You can edit or unschedule it until it starts sending.",
            CampaignStatus.Sending => "You can pause or stop it.",
            CampaignStatus.Paused => "You can resume or stop it.",
            CampaignStatus.PendingApproval => "An approver approves or rejects it; whoever submitted it can withdraw it to change it.",
            _ => "You can clone it to send it again, or archive it.",
        };

    private static string EditedPart(Operation operation) => operation switch
    {
        Operation.EditBasics => "name and details",
        Operation.EditAudience => "audience",
        Operation.EditSchedule => "schedule",
        _ => "content",
    };

    private static string Verb(Operation operation) => operation switch
    {
        Operation.Schedule => "schedule it",
        Operation.Unschedule => "unschedule it",
        Operation.Submit => "submit it for approval",
        Operation.Approve => "approve it",
        Operation.Reject => "reject it",
        Operation.Withdraw => "withdraw it from approval",
        Operation.Pause => "pause it",
        Operation.Resume => "resume it",
        Operation.Stop => "stop it",
        Operation.StartSending => "start sending it",
        Operation.ConfirmStart => "start it now (only a campaign that missed its send time waits for that)",
        Operation.Complete => "mark it as completed",
        Operation.Fail => "mark it as failed",
        Operation.Archive => "archive it",
        _ => "do that",
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex AttributeKeyPattern();
}
