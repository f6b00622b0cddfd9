namespace CampaignStudio.Features.Tracking;

/// <summary>Signs tracking tokens with a loaded key, synchronously: what rendering a message uses per link.</summary>
public sealed class TrackingSigner
{
    private readonly byte[] key;

    internal TrackingSigner(byte[] key) => this.key = key;

    public string Sign(TrackedDelivery target, TrackingPurpose purpose, string? signedUrl = null) => TrackingTokens.Sign(key, target, purpose, signedUrl);

    /// <summary>The short code of one link of one message, for texts where every character counts.</summary>
    public string SignShort(TrackedDelivery target) => ShortLinkCodes.Sign(key, target.DeliveryId, target.LinkIndex);
}
