namespace CampaignStudio.Features.Campaigns;

/// <summary>What a person can do with a campaign; <see cref="Campaign.AllowedActions"/> says which apply now.</summary>
public enum CampaignAction
{
    /// <summary>Change the basics, audience, channels and content, or schedule.</summary>
    Edit = 1,
    Schedule = 2,
    Unschedule = 3,
    Pause = 4,
    Resume = 5,
    Stop = 6,
    Clone = 7,
    Archive = 8,
    Restore = 9,

    /// <summary>Start a campaign that missed its send time while the app was down.</summary>
    StartNow = 10,

    /// <summary>Approve a campaign waiting for approval: it becomes scheduled (approvers and admins).</summary>
    Approve = 11,

    /// <summary>Send a campaign waiting for approval back to draft, with a comment saying why (approvers and admins).</summary>
    Reject = 12,

    /// <summary>Take a campaign back from approval to draft (its creator or submitter, or an admin).</summary>
    Withdraw = 13,
}
