using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Outbox;

/// <summary>
/// Where test messages go. The <see cref="OutboxTestMessageSink"/> takes every channel and records the message as not
/// sent; a real channel registers a sink of its own for its channel, and <see cref="TestSendService"/> picks the
/// last registered sink that <see cref="Handles"/> the channel, so the Outbox stays the fallback.
/// </summary>
public interface ITestMessageSink
{
    bool Handles(Channel channel);

    Task<TestSendResult> DeliverAsync(TestMessage message, CancellationToken cancellationToken);
}
