using System.Collections.Concurrent;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// A transition is told about by the instance that made it, and by no one else: an instance that shuts down right
/// after completing a campaign still finishes telling people (a notifier that writes and sends takes a moment).
/// </summary>
public abstract class ShutdownNotificationTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : ShutdownNotificationTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ShutdownNotificationTests(DatabaseKind.MySql);

    [Fact]
    public async Task ShutdownWhileTheCompletionIsBeingNotified_TheNotificationIsNotCancelled()
    {
        var notifier = new SlowNotifier(TimeSpan.FromSeconds(2));
        await using var world = await EngineWorld.StartAsync(kind, services: s =>
        {
            s.RemoveAll<ICampaignNotifier>();
            s.AddSingleton<ICampaignNotifier>(notifier);
        });
        await world.AddContactsAsync(3);
        var id = await world.ScheduleCampaignAsync("Last one out", [Channel.Email]);
        await notifier.Completing.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CampaignStatus.Completed, await world.StatusAsync(id));

        // A graceful shutdown (as on a deploy) while the notifier is at work.
        await world.App.DisposeAsync();

        Assert.Contains(notifier.Delivered, n => n.Kind == NotificationKind.Completed && n.CampaignId == id);
    }

    /// <summary>Takes its time over a completion (honouring cancellation, as a notifier that writes to the database does).</summary>
    private sealed class SlowNotifier(TimeSpan delay) : ICampaignNotifier
    {
        public TaskCompletionSource Completing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<CampaignNotification> Delivered { get; } = new();

        public async Task NotifyAsync(CampaignNotification notification, CancellationToken cancellationToken)
        {
            if (notification.Kind == NotificationKind.Completed)
            {
                Completing.TrySetResult();
                await Task.Delay(delay, cancellationToken);
            }

            Delivered.Enqueue(notification);
        }
    }
}
