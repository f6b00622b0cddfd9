namespace CampaignStudio.Features.Notifications;

/// <summary>
/// Something people should hear about a campaign. <see cref="Key"/> makes it happen once: the same key for the same
/// person is stored (and delivered) only once, also across restarts and instances (e.g. <c>started:42</c>).
/// </summary>
public sealed record CampaignNotification(NotificationKind Kind, int CampaignId, string CampaignName, string Title, string Message, string Key)
{
    /// <summary>The campaign's creator, who is always told (besides admins and the campaign's followers).</summary>
    public string? CreatorId { get; init; }

    /// <summary>Who is told: the campaign's people (the default), the approvers, or the people behind an approval request.</summary>
    public NotificationAudience Audience { get; init; } = NotificationAudience.CampaignPeople;

    /// <summary>Whoever else asked (e.g. submitted the campaign for approval), told with the creator under <see cref="NotificationAudience.Requester"/>.</summary>
    public string? RequesterId { get; init; }

    /// <summary>Someone not to tell, whatever their role: the person whose own action this is (who submitted, approved or rejected).</summary>
    public string? ExceptUserId { get; init; }
}
