using CampaignStudio.Data;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Outbox;

/// <summary>Records a test message in the Outbox, marked "not sent", because no provider is configured yet.</summary>
public sealed class OutboxTestMessageSink(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : ITestMessageSink
{
    public bool Handles(Channel channel) => true;

    public async Task<TestSendResult> DeliverAsync(TestMessage message, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = new OutboxMessage(
            message.CampaignId,
            message.Channel,
            message.Recipient,
            message.Subject,
            message.HtmlBody,
            message.TextBody,
            isTest: true,
            message.RequestedBy,
            clock.GetUtcNow().UtcDateTime,
            OutboxMessage.NoProviderStatus);
        db.OutboxMessages.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return new TestSendResult(message.Recipient, Sent: false, OutboxMessage.NoProviderStatus, stored.Id);
    }
}
