namespace CampaignStudio.Features.Notifications;

/// <summary>
/// What the <see cref="NotificationHub"/> hands to a person's open pages: a notification they were just told
/// (<see cref="Added"/>), or, with none, that which of theirs are read changed (in another tab, say), so counts reload.
/// </summary>
public sealed record NotificationSignal(string UserId, NotificationItem? Added)
{
    public static NotificationSignal ReadChanged(string userId) => new(userId, null);
}
