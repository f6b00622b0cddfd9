namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>How many messages of a campaign were skipped for one reason.</summary>
public sealed record SkipReasonCount(SkipReason Reason, int Count);
