using System.Collections.Concurrent;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// Pushes notifications into the open pages (Blazor circuits) of the person they are for. A page subscribes with its
/// user's id and is called for that user's signals only; it reloads what it shows from the database, which stays the
/// source of truth, so a missed signal costs freshness, never correctness.
/// <para>
/// In-process: one app instance reaches its own circuits. With several instances, set <see cref="Relay"/> to publish
/// each signal raised here (e.g. on a Redis channel) and hand the signals other instances publish to
/// <see cref="DeliverAsync"/>.
/// </para>
/// </summary>
public sealed partial class NotificationHub(ILogger<NotificationHub> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<NotificationSignal, Task>>> subscribers = new(StringComparer.Ordinal);

    /// <summary>Called for every signal raised in this instance, before local subscribers: where a multi-instance relay publishes it.</summary>
    public Func<NotificationSignal, Task>? Relay { get; set; }

    /// <summary>Calls <paramref name="onSignal"/> with every signal for <paramref name="userId"/>; dispose to stop.</summary>
    public IDisposable Subscribe(string userId, Func<NotificationSignal, Task> onSignal)
    {
        var id = Guid.NewGuid();
        subscribers.GetOrAdd(userId, _ => new ConcurrentDictionary<Guid, Func<NotificationSignal, Task>>())[id] = onSignal;
        return new Subscription(() =>
        {
            if (subscribers.TryGetValue(userId, out var mine))
            {
                mine.TryRemove(id, out _);
            }
        });
    }

    /// <summary>How many pages of <paramref name="userId"/> listen in this instance.</summary>
    public int SubscriberCount(string userId) => subscribers.TryGetValue(userId, out var mine) ? mine.Count : 0;

    /// <summary>Raises <paramref name="signal"/>: relays it to the other instances, then hands it to this instance's pages.</summary>
    public async Task PublishAsync(NotificationSignal signal)
    {
        if (Relay is { } relay)
        {
            try
            {
                await relay(signal);
            }
            catch (Exception e)
            {
                LogRelayFailed(e, signal.UserId);
            }
        }

        await DeliverAsync(signal);
    }

    /// <summary>Hands a signal (raised here, or arrived from another instance) to this instance's pages of its user.</summary>
    public async Task DeliverAsync(NotificationSignal signal)
    {
        if (!subscribers.TryGetValue(signal.UserId, out var mine))
        {
            return;
        }

        foreach (var subscriber in mine.Values)
        {
            try
            {
                await subscriber(signal);
            }
            catch (Exception e)
            {
                LogSubscriberFailed(e, signal.UserId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page of user {UserId} failed to take a notification.")]
    private partial void LogSubscriberFailed(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification for user {UserId} could not be relayed to the other instances.")]
    private partial void LogRelayFailed(Exception exception, string userId);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
