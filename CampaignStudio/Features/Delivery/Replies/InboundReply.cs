namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>An inbound text as a provider's webhook gives it: its id, the sender (<c>+E164</c> or <c>whatsapp:+E164</c>) and the text.</summary>
public sealed record InboundReply(string ProviderMessageId, string From, string? Body);
