namespace CampaignStudio.Features.Notifications;

public enum NotificationOrder
{
    /// <summary>Unread ones first, newest first within each.</summary>
    UnreadFirst,

    NewestFirst,
}
