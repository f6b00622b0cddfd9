namespace CampaignStudio.Features.Notifications;

/// <summary>Notification kinds as people read them (the preferences list, the page's filter).</summary>
public static class NotificationKindNames
{
    public static string Display(this NotificationKind kind) => kind switch
    {
        NotificationKind.Upcoming => "Starting soon",
        NotificationKind.Started => "Started",
        NotificationKind.Completed => "Completed",
        NotificationKind.Failed => "Failed",
        NotificationKind.AutoPaused => "Paused by itself",
        NotificationKind.NeedsConfirmation => "Needs confirmation",
        NotificationKind.ApprovalNeeded => "Approval needed",
        NotificationKind.Approved => "Approved",
        NotificationKind.Rejected => "Rejected",
        _ => kind.ToString(),
    };

    /// <summary>When a notification of the kind is raised, in words.</summary>
    public static string Describe(this NotificationKind kind) => kind switch
    {
        NotificationKind.Upcoming => "A campaign starts soon.",
        NotificationKind.Started => "A campaign started sending.",
        NotificationKind.Completed => "A campaign finished, with a summary of what went out.",
        NotificationKind.Failed => "A campaign failed.",
        NotificationKind.AutoPaused => "A campaign paused itself because too many of its messages failed.",
        NotificationKind.NeedsConfirmation => "A campaign missed its time while the app was down and waits for someone to start it.",
        NotificationKind.ApprovalNeeded => "A campaign waits for approval (approvers and admins).",
        NotificationKind.Approved => "A campaign you created or submitted was approved.",
        NotificationKind.Rejected => "A campaign you created or submitted was rejected, with the reason.",
        _ => kind.ToString(),
    };
}
