using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>A rendered email: sanitised HTML and its text part, with the unsubscribe addresses for the list headers.</summary>
public sealed record EmailMessage(long DeliveryId, int CampaignId, string Recipient) : OutgoingMessage(DeliveryId, CampaignId, Recipient)
{
    public override Channel Channel => Channel.Email;

    public override string? SenderKey => FromAddress;

    public required string FromName { get; init; }

    public required string FromAddress { get; init; }

    public string? ReplyTo { get; init; }

    public required string Subject { get; init; }

    public string? Html { get; init; }

    public string? Text { get; init; }

    /// <summary>The recipient's name for the To header, when known.</summary>
    public string? RecipientName { get; init; }

    /// <summary>The https one-click unsubscribe address (RFC 8058) for <c>List-Unsubscribe</c>; none for a test send.</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>A mailto: unsubscribe address for <c>List-Unsubscribe</c>, when the workspace has one.</summary>
    public string? UnsubscribeMailto { get; init; }
}
