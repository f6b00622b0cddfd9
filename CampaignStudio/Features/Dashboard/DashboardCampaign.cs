using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Dashboard;

/// <summary>What the dashboard shows of a campaign in its lists.</summary>
public sealed record DashboardCampaign(
    int Id,
    string Name,
    CampaignStatus Status,
    CampaignChannels Channels,
    DateTime? ScheduledForUtc,
    DateTime? StartedUtc,
    DateTime? CompletedUtc,
    int? EstimatedAudience);
