using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Carries progress changes between app instances over Redis pub/sub, so a page open on one instance updates live
/// while another sends. Every change this instance's <see cref="DeliveryProgressHub"/> flushes is published on
/// <see cref="DeliveryOptions.RedisChannel"/> as <c>origin:campaignId</c>; what other instances publish is handed to
/// this instance's subscribers through <see cref="DeliveryProgressHub.DeliverAsync"/>. Its own messages come back
/// from Redis too and are dropped by their origin, so no page hears a change twice. Redis being away costs only the
/// cross-instance updates: the app starts anyway, the connection is retried in the background, nothing is published
/// meanwhile, and local pages carry on.
/// </summary>
public sealed partial class RedisDeliveryProgressRelay(
    DeliveryProgressHub hub,
    IOptions<DeliveryOptions> options,
    ILogger<RedisDeliveryProgressRelay> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private readonly string origin = Guid.NewGuid().ToString("N");
    private readonly RedisChannel channel = RedisChannel.Literal(options.Value.RedisChannel);
    private readonly TaskCompletionSource subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private ConnectionMultiplexer? redis;
    private ChannelMessageQueue? queue;
    private Task running = Task.CompletedTask;
    private int disposed;

    /// <summary>Whether the connection to Redis is up now.</summary>
    public bool IsConnected => redis?.IsConnected == true;

    /// <summary>Completes once this instance listens to the others (Redis restores the subscription after a reconnect by itself).</summary>
    public Task Subscribed => subscribed.Task;

    /// <summary>Connects in the background: the app starts, and its own pages update, whether Redis is up or not.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        hub.Relay = PublishAsync;
        running = Task.Run(() => ConnectAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (hub.Relay == PublishAsync)
        {
            hub.Relay = null;
        }

        // A host that stops again after its services were disposed finds nothing left to stop.
        if (Volatile.Read(ref disposed) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await running;
        if (queue is { } q)
        {
            queue = null;
            try
            {
                await q.UnsubscribeAsync();
            }
            catch (RedisException)
            {
                // Going away anyway.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await running;
        stopping.Dispose();
        if (redis is { } r)
        {
            redis = null;
            await r.DisposeAsync();
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Redis ?? throw new InvalidOperationException($"{DeliveryOptions.SectionName}:Redis is not set."));
        // Keep trying when Redis is not reachable (yet) instead of failing; the multiplexer reconnects by itself.
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "CampaignStudio";
        var endpoint = configuration.EndPoints.FirstOrDefault()?.ToString() ?? "?";
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(configuration);
            var warned = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    queue = await redis.GetSubscriber().SubscribeAsync(channel);
                    queue.OnMessage(OnMessageAsync);
                    subscribed.TrySetResult();
                    LogListening(endpoint, options.Value.RedisChannel);
                    return;
                }
                catch (RedisException e)
                {
                    if (!warned)
                    {
                        LogNotConnected(e, endpoint);
                        warned = true;
                    }

                    await Task.Delay(SubscribeRetry, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before Redis answered.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogGaveUp(e, endpoint);
        }
    }

    /// <summary>Publishes a flushed change; fire and forget, so a slow or absent Redis never holds up local pages.</summary>
    private Task PublishAsync(int campaignId) =>
        redis is { IsConnected: true } r
            ? r.GetSubscriber().PublishAsync(channel, string.Create(CultureInfo.InvariantCulture, $"{origin}:{campaignId}"), CommandFlags.FireAndForget)
            : Task.CompletedTask;

    private async Task OnMessageAsync(ChannelMessage message)
    {
        var text = (string?)message.Message ?? "";
        var separator = text.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId))
        {
            LogUnreadable(text.Length > 100 ? text[..100] : text);
            return;
        }

        if (text.AsSpan(0, separator).SequenceEqual(origin))
        {
            return;
        }

        await hub.DeliverAsync(campaignId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Endpoint} does not answer; progress from other instances reaches this one's pages once it does (retrying).")]
    private partial void LogNotConnected(Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not set up the progress relay through Redis at {Endpoint}; pages see only this instance's progress.")]
    private partial void LogGaveUp(Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sharing delivery progress with the other instances through Redis at {Endpoint}, channel {Channel}.")]
    private partial void LogListening(string endpoint, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a progress message on Redis that is not origin:campaignId: '{Message}'.")]
    private partial void LogUnreadable(string message);
}
