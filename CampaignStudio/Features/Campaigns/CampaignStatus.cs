namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Where a campaign is in its life: <c>Draft → Scheduled → Sending ⇄ Paused → Completed | Stopped | Failed</c>.
/// A scheduled campaign can go back to draft. When the workspace requires approval, scheduling goes through
/// <c>PendingApproval</c> first: approved → Scheduled; rejected or withdrawn → Draft. <see cref="Campaign"/> guards every transition.
/// </summary>
public enum CampaignStatus
{
    Draft = 1,
    Scheduled = 2,
    Sending = 3,
    Paused = 4,
    Completed = 5,
    Stopped = 6,
    Failed = 7,

    /// <summary>Submitted to be scheduled; waits for an approver (nothing can change it, the engine never starts it).</summary>
    PendingApproval = 8,
}
