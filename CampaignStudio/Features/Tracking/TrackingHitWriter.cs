using System.Threading.Channels;
using CampaignStudio.Data;
using CampaignStudio.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Durable, batched recording of hits by group commit: an endpoint hands its hit over and waits until the transaction
/// holding it has committed, then answers. Each writer loop takes whatever hits are waiting (up to
/// <see cref="TrackingOptions.MaxBatchSize"/>) and writes them in one transaction, so the cost of a commit (a log
/// flush) is shared by every request that arrived while the previous batch was committing: under load, batches grow
/// instead of requests queueing behind one commit each. Nothing is answered before it is on disk, so a crash loses no
/// hit that was answered — the alternative, answering at once from an in-memory queue, is faster only by the commit
/// time and loses the queue in a crash. Messages are spread over the loops by delivery id, so one message's hits are
/// counted in order by one loop (its "first open" cannot be counted twice by two batches at once). After each batch,
/// the campaigns it touched are reported to <see cref="IDeliveryProgress"/> so open pages update.
/// </summary>
public sealed partial class TrackingHitWriter : BackgroundService
{
    private readonly TrackingBatchStore store;
    private readonly IDeliveryProgress progress;
    private readonly TimeProvider clock;
    private readonly ILogger<TrackingHitWriter> logger;
    private readonly TrackingOptions options;
    private readonly Channel<Pending>[] queues;

    public TrackingHitWriter(TrackingBatchStore store, IDeliveryProgress progress, IDbContextFactory<AppDbContext> contexts, IOptions<TrackingOptions> options, TimeProvider clock, ILogger<TrackingHitWriter> logger)
    {
        this.store = store;
        this.progress = progress;
        this.clock = clock;
        this.logger = logger;
        this.options = options.Value;
        using var probe = contexts.CreateDbContext();
        var writers = probe is MySqlAppDbContext ? this.options.Writers : 1;
        queues = [.. Enumerable.Range(0, writers).Select(_ => Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, this.options.QueueCapacity / writers))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        }))];
    }

    /// <summary>Records <paramref name="hit"/>; completes when it is committed (false when its message no longer exists or it could not be written).</summary>
    public async Task<bool> RecordAsync(TrackingHit hit, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(hit, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        var queue = queues[(int)((ulong)hit.Target.DeliveryId % (ulong)queues.Length)];
        await queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Each loop runs on a thread of its own and talks to the database synchronously: the database's answer wakes the loop
    /// at once. With awaits, every answer became a continuation queued on the thread pool behind the requests waiting for
    /// it, and each batch took two such turns.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(queues.Select((q, i) =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    Run(q, stoppingToken);
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            })
            {
                IsBackground = true,
                Name = $"Tracking writer {i + 1}",
            };
            thread.Start();
            return done.Task;
        }));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // New hits are refused; what is queued is still written before the loops end.
        foreach (var queue in queues)
        {
            queue.Writer.TryComplete();
        }

        await base.StopAsync(cancellationToken);
    }

    private void Run(Channel<Pending> queue, CancellationToken stoppingToken)
    {
        var recentClicks = new Dictionary<long, (DateTime At, int Link)>();
        var batch = new List<Pending>(options.MaxBatchSize);
        using var connection = store.Connect();
        try
        {
            while (WaitToRead(queue.Reader))
            {
                batch.Clear();
                while (batch.Count < options.MaxBatchSize && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                Write(connection, batch, recentClicks, stoppingToken);
            }
        }
        catch (Exception e)
        {
            LogWriterFailed(e);
            throw;
        }
    }

    /// <summary>Whether hits are waiting, blocking until some arrive (false once the queue is completed and empty).</summary>
    private static bool WaitToRead(ChannelReader<Pending> reader)
    {
        var waiting = reader.WaitToReadAsync(CancellationToken.None);
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void Write(TrackingBatchStore.Connection connection, List<Pending> batch, Dictionary<long, (DateTime At, int Link)> recentClicks, CancellationToken stoppingToken)
    {
        var hits = batch.ConvertAll(p => p.Hit);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A batch already taken is written even while the app stops: its requests are waiting for it.
                var changed = store.Write(connection, hits, recentClicks, clock.GetUtcNow().UtcDateTime);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(true);
                }

                foreach (var campaignId in changed)
                {
                    progress.Changed(campaignId);
                }

                return;
            }
            catch (Exception e) when (attempt < 5 && !stoppingToken.IsCancellationRequested)
            {
                // A deadlock or a lost connection: the transaction was rolled back as a whole; try it again.
                LogBatchRetried(e, batch.Count, attempt);
                Thread.Sleep(TimeSpan.FromMilliseconds(50 * attempt));
            }
            catch (Exception e)
            {
                LogBatchLost(e, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(false);
                }

                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Count} tracking hits failed (attempt {Attempt}); retrying.")]
    private partial void LogBatchRetried(Exception e, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} tracking hits could not be recorded.")]
    private partial void LogBatchLost(Exception e, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A tracking writer stopped.")]
    private partial void LogWriterFailed(Exception e);

    private sealed record Pending(TrackingHit Hit, TaskCompletionSource<bool> Done);
}
