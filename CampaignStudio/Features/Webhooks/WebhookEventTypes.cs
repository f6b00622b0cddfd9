namespace CampaignStudio.Features.Webhooks;

/// <summary>The kinds of event an endpoint can subscribe to, as they appear in a payload's <c>type</c>.</summary>
public static class WebhookEventTypes
{
    public const string CampaignScheduled = "campaign.scheduled";
    public const string CampaignUnscheduled = "campaign.unscheduled";
    public const string CampaignApprovalRequested = "campaign.approval_requested";
    public const string CampaignRejected = "campaign.rejected";
    public const string CampaignWithdrawn = "campaign.withdrawn";
    public const string CampaignStarted = "campaign.started";
    public const string CampaignPaused = "campaign.paused";
    public const string CampaignResumed = "campaign.resumed";
    public const string CampaignCompleted = "campaign.completed";
    public const string CampaignFailed = "campaign.failed";
    public const string CampaignStopped = "campaign.stopped";
    public const string Open = "engagement.open";
    public const string Click = "engagement.click";
    public const string Conversion = "engagement.conversion";
    public const string Unsubscribe = "engagement.unsubscribe";

    /// <summary>Sent by "Send test event" to one endpoint only, whatever it subscribes to.</summary>
    public const string Test = "webhook.test";

    /// <summary>Every type an endpoint may subscribe to, with what it means.</summary>
    public static IReadOnlyList<(string Type, string Meaning)> All { get; } =
    [
        (CampaignScheduled, "A campaign was scheduled (or approved, where approval is required)."),
        (CampaignUnscheduled, "A scheduled campaign went back to draft."),
        (CampaignApprovalRequested, "A campaign was submitted for approval (or needs it again after a change)."),
        (CampaignRejected, "A campaign waiting for approval was rejected, with the approver's comment."),
        (CampaignWithdrawn, "A campaign waiting for approval was withdrawn to draft."),
        (CampaignStarted, "A campaign started sending."),
        (CampaignPaused, "A campaign was paused (by a person, or by itself after too many failures)."),
        (CampaignResumed, "A paused campaign resumed."),
        (CampaignCompleted, "A campaign finished sending."),
        (CampaignFailed, "A campaign failed."),
        (CampaignStopped, "A campaign was stopped."),
        (Open, "A recipient opened a message."),
        (Click, "A recipient clicked a link."),
        (Conversion, "A conversion was recorded."),
        (Unsubscribe, "A recipient unsubscribed."),
    ];

    public static bool IsKnown(string type) => All.Any(t => t.Type == type);
}
