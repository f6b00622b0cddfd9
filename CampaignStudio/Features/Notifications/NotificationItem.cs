namespace CampaignStudio.Features.Notifications;

/// <summary>A notification as its recipient sees it.</summary>
public sealed record NotificationItem(
    long Id,
    NotificationKind Kind,
    int CampaignId,
    string CampaignName,
    string Title,
    string Message,
    DateTime CreatedUtc,
    DateTime? ReadUtc)
{
    public bool IsRead => ReadUtc is not null;
}
