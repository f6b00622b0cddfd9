using System.Collections.Concurrent;
using CampaignStudio.Features.Notifications;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>Keeps what the engine told people, in order, for assertions (the real notifier stores them per user).</summary>
public sealed class RecordingNotifier : ICampaignNotifier
{
    public ConcurrentQueue<CampaignNotification> Sent { get; } = new();

    public IReadOnlyList<CampaignNotification> For(int campaignId) => [.. Sent.Where(n => n.CampaignId == campaignId)];

    public Task NotifyAsync(CampaignNotification notification, CancellationToken cancellationToken)
    {
        Sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
