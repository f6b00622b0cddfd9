namespace CampaignStudio.Features.Notifications;

/// <summary>What a notification is about.</summary>
public enum NotificationKind
{
    /// <summary>A campaign starts soon (at each configured lead time).</summary>
    Upcoming = 1,

    Started = 2,

    /// <summary>A campaign finished, with a summary of what went out.</summary>
    Completed = 3,

    Failed = 4,

    /// <summary>A campaign paused by itself: too many of its messages failed.</summary>
    AutoPaused = 5,

    /// <summary>A campaign's time passed while the app was down, beyond the grace window: it waits for someone to start it.</summary>
    NeedsConfirmation = 6,

    /// <summary>A campaign was submitted and waits for an approver (told to approvers and admins, not to whoever submitted it).</summary>
    ApprovalNeeded = 7,

    /// <summary>A campaign someone submitted was approved and is scheduled.</summary>
    Approved = 8,

    /// <summary>A campaign someone submitted was rejected, with the approver's comment; it is a draft again.</summary>
    Rejected = 9,
}
