using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// A rendered push notification to every device of one contact (<see cref="Tokens"/>; <see cref="OutgoingMessage.Recipient"/>
/// is the first). It counts as sent when one device accepts it; tokens the provider no longer knows come back in
/// <see cref="SendResult.InvalidTokens"/>.
/// </summary>
public sealed record PushMessage(long DeliveryId, int CampaignId, string Recipient) : OutgoingMessage(DeliveryId, CampaignId, Recipient)
{
    public override Channel Channel => Channel.Push;

    public IReadOnlyList<string> Tokens { get; init; } = [];

    public required string Title { get; init; }

    public required string Body { get; init; }

    public string? ImageUrl { get; init; }

    public string? DeepLink { get; init; }

    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
