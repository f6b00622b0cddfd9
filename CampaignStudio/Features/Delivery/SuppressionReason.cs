namespace CampaignStudio.Features.Delivery;

public enum SuppressionReason
{
    Unsubscribed = 1,
    HardBounce = 2,
    Complaint = 3,
    Manual = 4,
}
