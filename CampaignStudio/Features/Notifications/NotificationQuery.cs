namespace CampaignStudio.Features.Notifications;

/// <summary>A page of my notifications (page from 0), optionally of one kind or unread only.</summary>
public sealed record NotificationQuery
{
    public const int MaxPageSize = 100;

    public int Page { get; init; }

    public int PageSize { get; init; } = 20;

    public NotificationKind? Kind { get; init; }

    public bool UnreadOnly { get; init; }

    public NotificationOrder Order { get; init; } = NotificationOrder.UnreadFirst;
}
