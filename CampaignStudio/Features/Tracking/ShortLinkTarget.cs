namespace CampaignStudio.Features.Tracking;

/// <summary>What a short link's code names: one link of one message.</summary>
public readonly record struct ShortLinkTarget(long DeliveryId, int LinkIndex);
