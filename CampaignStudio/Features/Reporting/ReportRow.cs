using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;

namespace CampaignStudio.Features.Reporting;

/// <summary>One campaign in a report, with its figures (one channel's when the report is of one channel).</summary>
public sealed record ReportRow(
    int CampaignId,
    string Name,
    CampaignStatus Status,
    CampaignChannels Channels,
    string CreatedById,
    string CreatedByName,
    DateTime StartedUtc,
    ChannelMetrics Metrics);
