namespace CampaignStudio.Features.Notifications;

/// <summary>
/// Whether I follow a campaign, and, when I am told about it whatever I do, why (<see cref="ToldAnywayBecause"/>:
/// I created it, or I am an admin).
/// </summary>
public sealed record CampaignFollowState(bool IsFollowing, string? ToldAnywayBecause);
