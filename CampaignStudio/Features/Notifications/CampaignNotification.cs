namespace CampaignStudio.Features.Notifications;

/// <summary>
/// Something people should hear about a campaign. <see cref="Key"/> makes it happen once: the same key for the same
/// person is stored (and delivered) only once, also across restarts and instances (e.g. <c>started:42</c>).
/// </summary>
public sealed record CampaignNotification(NotificationKind Kind, int CampaignId, string CampaignName, string Title, string Message, string Key)
{
    /// <summary>The campaign's creator, who is always told (besides admins and the campaign's followers).</summary>
    public string? CreatorId { get; init; }
}
