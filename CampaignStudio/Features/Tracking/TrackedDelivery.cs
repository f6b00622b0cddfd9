using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// What a tracking token names: one message of the ledger (its delivery id, campaign and channel) and, for a click, the
/// position of the link in the content (<see cref="NoLink"/> otherwise).
/// </summary>
public readonly record struct TrackedDelivery(long DeliveryId, int CampaignId, Channel Channel, int LinkIndex = TrackedDelivery.NoLink)
{
    public const int NoLink = ushort.MaxValue;
}
