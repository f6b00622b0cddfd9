namespace CampaignStudio.Features.Notifications;

/// <summary>A page of notifications, how many match in all, and how many of mine are unread.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, int Total, int Unread);
