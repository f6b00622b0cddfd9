namespace CampaignStudio.Features.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first try or a retry.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Every try failed: not tried again unless someone asks.</summary>
    GaveUp = 2,
}
