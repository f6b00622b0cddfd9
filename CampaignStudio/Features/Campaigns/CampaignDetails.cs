using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>Everything the details page and the wizard show of one campaign.</summary>
public sealed record CampaignDetails(
    int Id,
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, string> Attributes,
    string CreatedById,
    string CreatedByName,
    DateTime CreatedUtc,
    string UpdatedByName,
    DateTime UpdatedUtc,
    IReadOnlyList<CampaignSegmentInfo> IncludeSegments,
    IReadOnlyList<CampaignSegmentInfo> ExcludeSegments,
    int? EstimatedAudience,
    DateTime? AudienceEstimatedUtc,
    IReadOnlyList<Channel> Channels,
    CampaignContent Content,
    int ContentVersion,
    CampaignScheduleInfo? Schedule,
    DateTime? ScheduledForUtc,
    CampaignStatus Status,
    bool IsArchived,
    int WizardStep,
    DateTime? StartedUtc,
    DateTime? CompletedUtc,
    string? FailureReason,
    int Revision,
    IReadOnlyList<CampaignAction> AllowedActions,
    IReadOnlyList<CampaignContentIssue> ContentIssues)
{
    /// <summary>Why the engine paused it by itself, while it stays paused.</summary>
    public string? PauseReason { get; init; }

    /// <summary>Set when it missed its send time while the app was down and waits for "start now" or a new time.</summary>
    public DateTime? AwaitingConfirmationSinceUtc { get; init; }

    /// <summary>Who asked for approval and who decided; null when it never went through approval.</summary>
    public CampaignApprovalInfo? Approval { get; init; }
}

/// <summary>
/// The campaign's last approval request and decision: who submitted it and when, who approved or rejected it and
/// when, and the rejection's comment.
/// </summary>
public sealed record CampaignApprovalInfo(
    string? RequestedById,
    string? RequestedByName,
    DateTime? RequestedUtc,
    string? ReviewedByName,
    DateTime? ReviewedUtc,
    string? RejectionComment);

public sealed record CampaignSegmentInfo(int Id, string Name);

/// <summary>A schedule as chosen, its UTC instants, and a sentence describing it.</summary>
public sealed record CampaignScheduleInfo(
    CampaignScheduleKind Kind,
    DateOnly? LocalDate,
    TimeOnly? LocalTime,
    string? TimeZone,
    DateTime? EarliestUtc,
    DateTime? LatestUtc,
    string Description)
{
    public static CampaignScheduleInfo From(CampaignSchedule schedule) =>
        new(schedule.Kind, schedule.LocalDate, schedule.LocalTime, schedule.TimeZone, schedule.EarliestUtc, schedule.LatestUtc, schedule.Describe());
}

/// <summary>One change log entry.</summary>
public sealed record CampaignChangeEntry(long Id, CampaignChangeAction Action, string Summary, string ActorName, DateTime OccurredUtc, int? ContentVersion);

/// <summary>One content version, without its content.</summary>
public sealed record CampaignContentVersionInfo(int Version, IReadOnlyList<Channel> Channels, string CreatedByName, DateTime CreatedUtc);
