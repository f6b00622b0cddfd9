using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Webhooks;

/// <summary>The lifecycle event a campaign's change of status is, for <see cref="IWebhookPublisher"/>.</summary>
public static class CampaignWebhookEvents
{
    /// <summary>The event for <paramref name="campaign"/> having gone from <paramref name="before"/> to its status now; null when the move is not one receivers hear of.</summary>
    public static WebhookEvent? For(Campaign campaign, CampaignStatus before, DateTime nowUtc, string? reason = null)
    {
        var type = (before, campaign.Status) switch
        {
            (CampaignStatus.Draft or CampaignStatus.PendingApproval, CampaignStatus.Scheduled) => WebhookEventTypes.CampaignScheduled,
            (_, CampaignStatus.PendingApproval) => WebhookEventTypes.CampaignApprovalRequested,
            (CampaignStatus.PendingApproval, CampaignStatus.Draft) => campaign.RejectionComment is null ? WebhookEventTypes.CampaignWithdrawn : WebhookEventTypes.CampaignRejected,
            (CampaignStatus.Scheduled, CampaignStatus.Draft) => WebhookEventTypes.CampaignUnscheduled,
            (CampaignStatus.Scheduled, CampaignStatus.Sending) => WebhookEventTypes.CampaignStarted,
            (CampaignStatus.Sending, CampaignStatus.Paused) => WebhookEventTypes.CampaignPaused,
            (CampaignStatus.Paused, CampaignStatus.Sending) => WebhookEventTypes.CampaignResumed,
            (_, CampaignStatus.Completed) => WebhookEventTypes.CampaignCompleted,
            (_, CampaignStatus.Failed) => WebhookEventTypes.CampaignFailed,
            (_, CampaignStatus.Stopped) => WebhookEventTypes.CampaignStopped,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var payload = new Dictionary<string, object?>
        {
            ["campaign"] = new Dictionary<string, object?>
            {
                ["id"] = campaign.Id,
                ["name"] = campaign.Name,
                ["status"] = campaign.Status.ToString(),
                ["previousStatus"] = before.ToString(),
                ["channels"] = campaign.Channels.ToString(),
                ["scheduledForUtc"] = campaign.ScheduledForUtc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
                ["createdBy"] = campaign.CreatedByName,
            },
            ["reason"] = reason ?? campaign.PauseReason ?? campaign.FailureReason,
            ["revision"] = campaign.Revision,
        };
        if (campaign.ApprovalRequestedUtc is not null && (before == CampaignStatus.PendingApproval || campaign.Status == CampaignStatus.PendingApproval))
        {
            payload["approval"] = new Dictionary<string, object?>
            {
                ["requestedBy"] = campaign.ApprovalRequestedByName,
                ["requestedUtc"] = DateTime.SpecifyKind(campaign.ApprovalRequestedUtc.Value, DateTimeKind.Utc),
                ["reviewedBy"] = campaign.ReviewedByName,
                ["reviewedUtc"] = campaign.ReviewedUtc is { } reviewed ? DateTime.SpecifyKind(reviewed, DateTimeKind.Utc) : null,
                ["comment"] = campaign.RejectionComment,
            };
        }

        return new WebhookEvent(type, nowUtc, payload)
        {
            CampaignId = campaign.Id,

            // One event per campaign revision: the same transition raised again (a retry) is the same event.
            Id = $"evt_campaign_{campaign.Id}_{campaign.Revision}_{type}",
        };
    }
}
