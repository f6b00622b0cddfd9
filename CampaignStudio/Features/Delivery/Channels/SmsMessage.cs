using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>A rendered SMS to an E.164 number.</summary>
public sealed record SmsMessage(long DeliveryId, int CampaignId, string Recipient, string Body) : OutgoingMessage(DeliveryId, CampaignId, Recipient)
{
    public override Channel Channel => Channel.Sms;
}
