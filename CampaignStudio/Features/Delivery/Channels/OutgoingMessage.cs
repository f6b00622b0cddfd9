using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// One rendered message for one recipient, ready for a channel: no templates, no database ids other than the ledger's
/// <see cref="DeliveryId"/> (negative for a test send), which channels put where the provider echoes it back (Message-ID,
/// status callback) when they can.
/// </summary>
public abstract record OutgoingMessage(long DeliveryId, int CampaignId, string Recipient)
{
    public abstract Channel Channel { get; }

    /// <summary>Whose rate limit the message counts against besides its channel's: the From address or number.</summary>
    public virtual string? SenderKey => null;
}
