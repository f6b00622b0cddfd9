using MudBlazor;

namespace CampaignStudio.Features.Notifications.Pages;

/// <summary>How each kind of notification looks: one icon and one colour, the same in the bell and on the page.</summary>
public static class NotificationLook
{
    public static string Icon(NotificationKind kind) => kind switch
    {
        NotificationKind.Upcoming => Icons.Material.Outlined.Schedule,
        NotificationKind.Started => Icons.Material.Outlined.Send,
        NotificationKind.Completed => Icons.Material.Outlined.TaskAlt,
        NotificationKind.Failed => Icons.Material.Outlined.ErrorOutline,
        NotificationKind.AutoPaused => Icons.Material.Outlined.PauseCircle,
        NotificationKind.NeedsConfirmation => Icons.Material.Outlined.PendingActions,
        NotificationKind.ApprovalNeeded => Icons.Material.Outlined.HowToReg,
        NotificationKind.Approved => Icons.Material.Outlined.Verified,
        NotificationKind.Rejected => Icons.Material.Outlined.ThumbDown,
        _ => Icons.Material.Outlined.Notifications,
    };

    public static Color Color(NotificationKind kind) => kind switch
    {
        NotificationKind.Upcoming => MudBlazor.Color.Info,
        NotificationKind.Started => MudBlazor.Color.Primary,
        NotificationKind.Completed => MudBlazor.Color.Success,
        NotificationKind.Failed => MudBlazor.Color.Error,
        NotificationKind.AutoPaused or NotificationKind.NeedsConfirmation => MudBlazor.Color.Warning,
        NotificationKind.ApprovalNeeded => MudBlazor.Color.Secondary,
        NotificationKind.Approved => MudBlazor.Color.Success,
        NotificationKind.Rejected => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>How loudly a notification that arrives while the page is open is announced.</summary>
    public static Severity Severity(NotificationKind kind) => kind switch
    {
        NotificationKind.Completed or NotificationKind.Approved => MudBlazor.Severity.Success,
        NotificationKind.Failed => MudBlazor.Severity.Error,
        NotificationKind.AutoPaused or NotificationKind.NeedsConfirmation or NotificationKind.ApprovalNeeded or NotificationKind.Rejected => MudBlazor.Severity.Warning,
        _ => MudBlazor.Severity.Info,
    };
}
