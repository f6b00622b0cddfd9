using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>What handling an inbound text did: the keyword, the channel, whether anything changed, and the message a STOP was counted for.</summary>
public sealed record InboundReplyResult(ReplyKeyword Keyword, Channel Channel, bool Changed, long? UnsubscribedDeliveryId, bool Repeated = false);
