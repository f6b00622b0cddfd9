using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// A dumb pipe to one provider: rendered messages in, one <see cref="SendResult"/> per message out. No database, no
/// templates, no retries (the engine decides); a provider refusal is a result, not an exception. Only cancellation
/// may throw. Implementations are singletons and must be safe to call from several workers at once.
/// </summary>
public interface IChannel
{
    Channel Channel { get; }

    /// <summary>The provider's name as people know it (<c>SMTP</c>, <c>Twilio</c>, <c>FCM</c>, <c>Outbox</c>).</summary>
    string Provider { get; }

    /// <summary>False for the Outbox: messages are recorded, not sent.</summary>
    bool SendsForReal { get; }

    Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Readies the way to the provider before messages go after a quiet spell: a connection opened, the credentials
    /// used once, the sending code run once, so that the first messages leave at the pace of the rest instead of
    /// arriving together once a cold connection is up. Returns null when the provider answered as it should, else what
    /// went wrong (the sends then record their own results). Only cancellation may throw.
    /// </summary>
    Task<string?> WarmUpAsync(CancellationToken cancellationToken);
}
