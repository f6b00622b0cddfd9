using System.Collections.Concurrent;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// The in-process <see cref="IDeliveryProgress"/>: changes are collected and handed to subscribers at most every
/// <see cref="FlushInterval"/>, one call per changed campaign, so a worker recording thousands of rows a second does not
/// make pages re-render thousands of times.
/// </summary>
public sealed partial class DeliveryProgressHub : IDeliveryProgress, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<int, byte> changed = new();
    private readonly ConcurrentDictionary<Guid, Func<int, Task>> subscribers = new();
    private readonly ITimer timer;
    private readonly ILogger<DeliveryProgressHub> logger;
    private int flushing;

    public DeliveryProgressHub(TimeProvider clock, ILogger<DeliveryProgressHub> logger)
    {
        this.logger = logger;
        timer = clock.CreateTimer(_ => _ = FlushAsync(), null, FlushInterval, FlushInterval);
    }

    /// <summary>Called for every flushed change, before local subscribers: where a multi-instance relay publishes it.</summary>
    public Func<int, Task>? Relay { get; set; }

    public void Changed(int campaignId) => changed.TryAdd(campaignId, 0);

    public IDisposable Subscribe(Func<int, Task> onChanged)
    {
        var id = Guid.NewGuid();
        subscribers[id] = onChanged;
        return new Subscription(() => subscribers.TryRemove(id, out _));
    }

    /// <summary>Hands a change that arrived from another instance to this instance's subscribers.</summary>
    public Task DeliverAsync(int campaignId) => NotifyAsync(campaignId);

    public async Task FlushAsync()
    {
        if (Interlocked.Exchange(ref flushing, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var campaignId in changed.Keys)
            {
                changed.TryRemove(campaignId, out _);
                if (Relay is { } relay)
                {
                    try
                    {
                        await relay(campaignId);
                    }
                    catch (Exception e)
                    {
                        LogRelayFailed(e, campaignId);
                    }
                }

                await NotifyAsync(campaignId);
            }
        }
        finally
        {
            Volatile.Write(ref flushing, 0);
        }
    }

    public void Dispose() => timer.Dispose();

    private async Task NotifyAsync(int campaignId)
    {
        foreach (var subscriber in subscribers.Values)
        {
            try
            {
                await subscriber(campaignId);
            }
            catch (Exception e)
            {
                LogSubscriberFailed(e, campaignId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to take the progress of campaign {CampaignId}.")]
    private partial void LogSubscriberFailed(Exception exception, int campaignId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The progress of campaign {CampaignId} could not be relayed to the other instances.")]
    private partial void LogRelayFailed(Exception exception, int campaignId);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
