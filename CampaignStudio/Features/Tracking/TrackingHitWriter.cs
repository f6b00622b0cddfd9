using System.Threading.Channels;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Durable, batched storing of hits by group commit: an endpoint hands its hit over and waits until the statement
/// holding it has committed, then answers. Each writer loop takes whatever hits are waiting (up to
/// <see cref="TrackingOptions.MaxBatchSize"/>) and appends them as <see cref="PendingHit"/> rows in one statement, so the
/// cost of a commit (a log flush) is shared by every request that arrived while the previous batch was committing: under
/// load, batches grow instead of requests queueing behind one commit each. Nothing is answered before it is on disk, so
/// a crash loses no hit that was answered — the alternative, answering at once from an in-memory queue, is faster only
/// by the commit time and loses the queue in a crash. Counting (markers, counters, webhooks, live pages) is the
/// <see cref="TrackingHitFolder"/>'s work, poked after each batch: the request waits for the cheapest durable write
/// there is, and the counting reads and updates shared rows a thousand hits at a time, off the request's path.
/// </summary>
public sealed partial class TrackingHitWriter : BackgroundService
{
    private readonly TrackingBatchStore store;
    private readonly TrackingHitFolder folder;
    private readonly ILogger<TrackingHitWriter> logger;
    private readonly TrackingOptions options;
    private readonly Channel<Pending>[] queues;

    public TrackingHitWriter(TrackingBatchStore store, TrackingHitFolder folder, IDbContextFactory<AppDbContext> contexts, IOptions<TrackingOptions> options, ILogger<TrackingHitWriter> logger)
    {
        this.store = store;
        this.folder = folder;
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

    /// <summary>
    /// Records <paramref name="hit"/>; completes when it is stored (false when it could not be written). It is counted
    /// moments later, by the folder; a hit whose message no longer exists is dropped then.
    /// </summary>
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
        Task.WhenAll(queues.Select((q, i) => DedicatedThread.Start($"Tracking writer {i + 1}", () => Run(q, stoppingToken))));

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

                Write(connection, batch, stoppingToken);
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

    private void Write(TrackingBatchStore.Connection connection, List<Pending> batch, CancellationToken stoppingToken)
    {
        var hits = batch.ConvertAll(p => p.Hit);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A batch already taken is written even while the app stops: its requests are waiting for it.
                store.Append(connection, hits);
                folder.Poke();
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(true);
                }

                return;
            }
            catch (Exception e) when (attempt < 5 && !stoppingToken.IsCancellationRequested)
            {
                // A lost connection: the statement was rolled back as a whole; try it again.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {Count} tracking hits failed (attempt {Attempt}); retrying.")]
    private partial void LogBatchRetried(Exception e, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} tracking hits could not be stored.")]
    private partial void LogBatchLost(Exception e, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A tracking writer stopped.")]
    private partial void LogWriterFailed(Exception e);

    private sealed record Pending(TrackingHit Hit, TaskCompletionSource<bool> Done);
}
