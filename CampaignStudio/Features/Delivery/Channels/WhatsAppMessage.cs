using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// A rendered WhatsApp message to an E.164 number: an approved template with its variables filled in ({{1}}, {{2}}, … in
/// order), or free text (<see cref="Body"/>) inside the 24-hour window.
/// </summary>
public sealed record WhatsAppMessage(long DeliveryId, int CampaignId, string Recipient) : OutgoingMessage(DeliveryId, CampaignId, Recipient)
{
    public override Channel Channel => Channel.WhatsApp;

    public string? TemplateName { get; init; }

    public string? Language { get; init; }

    public IReadOnlyList<string> Variables { get; init; } = [];

    public string? Body { get; init; }
}
