using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery;

/// <summary>How many of a campaign's ledger rows on a channel have a status.</summary>
public sealed record LedgerCount(int CampaignId, Channel Channel, DeliveryStatus Status, long Count);
