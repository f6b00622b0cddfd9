using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Dashboard;

/// <summary>A campaign waiting for approval, as the dashboard lists it for approvers.</summary>
public sealed record AwaitingApprovalCampaign(
    int Id,
    string Name,
    CampaignChannels Channels,
    DateTime? ScheduledForUtc,
    int? EstimatedAudience,
    string? SubmittedByName,
    DateTime? SubmittedUtc);
