using CampaignStudio.Features.Delivery.Progress;

namespace CampaignStudio.Features.Dashboard;

/// <summary>A campaign sending or paused, with how far its ledger got (null before its audience is in the ledger).</summary>
public sealed record InProgressCampaign(DashboardCampaign Campaign, CampaignProgressSummary? Progress);
