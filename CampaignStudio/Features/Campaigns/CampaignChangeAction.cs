namespace CampaignStudio.Features.Campaigns;

/// <summary>What a <see cref="CampaignChange"/> records.</summary>
public enum CampaignChangeAction
{
    Created = 1,
    BasicsChanged = 2,
    AudienceChanged = 3,
    ContentChanged = 4,
    ScheduleChanged = 5,
    Scheduled = 6,
    Unscheduled = 7,
    SendingStarted = 8,
    Paused = 9,
    Resumed = 10,
    Stopped = 11,
    Completed = 12,
    Failed = 13,
    Archived = 14,
    Restored = 15,
    Missed = 16,
    StartConfirmed = 17,
    ApprovalRequested = 18,
    Approved = 19,
    Rejected = 20,
    Withdrawn = 21,
}
