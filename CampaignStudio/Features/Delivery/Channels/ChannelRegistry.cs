using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// The channel that carries each <see cref="Channel"/>: the last registered <see cref="IChannel"/> for it. The Outbox is
/// registered first for every channel, so a channel without a configured provider falls back to it.
/// </summary>
public sealed class ChannelRegistry(IEnumerable<IChannel> channels)
{
    private readonly IReadOnlyDictionary<Channel, IChannel> byChannel = channels
        .GroupBy(c => c.Channel)
        .ToDictionary(g => g.Key, g => g.Last());

    public IChannel For(Channel channel) =>
        byChannel.TryGetValue(channel, out var found) ? found : throw new InvalidOperationException($"No channel is registered for {channel}.");

    public bool SendsForReal(Channel channel) => byChannel.TryGetValue(channel, out var found) && found.SendsForReal;
}
