using CampaignStudio.Features.Delivery;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Counts the hits the endpoints stored as <see cref="PendingHit"/> rows: opens, clicks, conversions and unsubscribes
/// become events, per-message markers and counters, a batch per transaction (<see cref="TrackingBatchStore.Fold"/>), and
/// the campaigns they changed are reported to <see cref="IDeliveryProgress"/> so open pages update. It folds as soon as
/// the local writer stored hits, and every <see cref="TrackingOptions.FoldIntervalMilliseconds"/> otherwise, for hits
/// another instance stored and hits left from before a restart. On MySQL one instance at a time folds (the one holding
/// the fold's lock row); the others stand by and take over when it is gone. A batch that fails stays pending and is tried
/// again, after pauses that grow to half a minute; nothing is dropped. On stopping, what is pending is folded first.
/// </summary>
public sealed partial class TrackingHitFolder(TrackingBatchStore store, IDeliveryProgress progress, IOptions<TrackingOptions> options, TimeProvider clock, ILogger<TrackingHitFolder> logger) : BackgroundService
{
    private readonly AutoResetEvent poked = new(initialState: true);
    private readonly Lock gate = new();
    private readonly List<(long Pass, TaskCompletionSource Done)> waiters = [];
    private long passesStarted;
    private long restUntil;
    private long lastStored;

    /// <summary>Asks for a fold now: the writer calls it after storing hits.</summary>
    public void Poke()
    {
        Volatile.Write(ref lastStored, clock.GetTimestamp());
        poked.Set();
    }

    /// <summary>
    /// Completes once every hit stored before the call has been counted (by this instance or, on MySQL, by the one
    /// holding the fold's lock): for tests and tools that read figures right after recording hits.
    /// </summary>
    public Task CaughtUpAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiters.Add((passesStarted + 1, done));
        }

        poked.Set();
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The loop runs on a thread of its own with synchronous database calls, like the writer's.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => DedicatedThread.Start("Tracking folder", () => Run(stoppingToken));

    public override void Dispose()
    {
        base.Dispose();
        poked.Dispose();
    }

    private void Run(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var recentClicks = new Dictionary<long, (DateTime At, int Link)>();
        using var connection = store.Connect();
        var prepared = false;
        var failures = 0;
        while (true)
        {
            // Stopping: the writer has stopped first (it was registered after this service) and its hits are stored;
            // they are counted in this last pass.
            var last = stoppingToken.IsCancellationRequested;
            long pass;
            lock (gate)
            {
                pass = ++passesStarted;
            }

            var leading = false;
            try
            {
                if (!prepared)
                {
                    store.PrepareFolding(connection, clock.GetUtcNow().UtcDateTime);
                    prepared = true;
                }

                FoldResult result;
                do
                {
                    if (!last)
                    {
                        Rest(stoppingToken);
                    }

                    var started = clock.GetTimestamp();
                    result = store.Fold(connection, o.FoldBatchSize, recentClicks, clock.GetUtcNow().UtcDateTime);
                    foreach (var campaignId in result.Campaigns)
                    {
                        progress.Changed(campaignId);
                    }

                    Worked(result, started);
                }
                while (result.Leading && result.Folded == o.FoldBatchSize);

                leading = result.Leading;
                if (result.Leading || result.Waiting == 0)
                {
                    CaughtUp(pass);
                }

                failures = 0;
            }
            catch (Exception e) when (!last)
            {
                // A deadlock, a lost connection, a database that is down: the batch was rolled back as a whole and its
                // hits are still pending. Tried again after a pause that grows with each failure in a row.
                failures++;
                LogFoldFailed(e, failures);
                stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(failures, 9)))));
                continue;
            }
            catch (Exception e)
            {
                LogLeftPending(e);
                return;
            }

            if (last)
            {
                return;
            }

            // A leader wakes for the local writer's hits at once; a stand-by only checks whether the leader is gone.
            WaitHandle.WaitAny(leading ? [poked, stoppingToken.WaitHandle] : [stoppingToken.WaitHandle], o.FoldIntervalMilliseconds);
        }
    }

    /// <summary>
    /// After a batch that counted hits, the folder rests in proportion to the batch's time, so that while hits keep
    /// arriving it takes at most <see cref="TrackingOptions.CountingShareUnderLoad"/> of the time (and of the database)
    /// from the requests, unless counting has fallen <see cref="TrackingOptions.MaxCountingLagSeconds"/> behind. An idle
    /// folder has rested long enough already: the first batch after a quiet spell starts at once, and once no more hits
    /// arrive (none was stored while the batch was counted) the backlog is counted flat out.
    /// </summary>
    private void Worked(FoldResult result, long started)
    {
        var rest = RestAfter(result, clock.GetElapsedTime(started), arriving: Volatile.Read(ref lastStored) >= started, clock.GetUtcNow().UtcDateTime, options.Value);
        restUntil = clock.GetTimestamp() + (long)(rest.TotalSeconds * clock.TimestampFrequency);
    }

    /// <summary>How long the folder rests after a batch that took <paramref name="took"/>.</summary>
    /// <param name="arriving">Whether hits were stored while the batch was counted.</param>
    public static TimeSpan RestAfter(FoldResult result, TimeSpan took, bool arriving, DateTime nowUtc, TrackingOptions options)
    {
        var behind = result.NewestUtc is { } newest ? nowUtc - newest : TimeSpan.Zero;
        return result.Folded == 0 || !arriving || options.CountingShareUnderLoad >= 1 || behind > TimeSpan.FromSeconds(options.MaxCountingLagSeconds)
            ? TimeSpan.Zero
            : took * (1 / options.CountingShareUnderLoad - 1);
    }

    private void Rest(CancellationToken stoppingToken)
    {
        var left = restUntil - clock.GetTimestamp();
        if (left > 0)
        {
            stoppingToken.WaitHandle.WaitOne(TimeSpan.FromSeconds((double)left / clock.TimestampFrequency));
        }
    }

    private void CaughtUp(long pass)
    {
        lock (gate)
        {
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Pass <= pass)
                {
                    waiters[i].Done.TrySetResult();
                    waiters.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Counting tracking hits failed ({Failures} in a row); they stay pending and are tried again.")]
    private partial void LogFoldFailed(Exception e, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting tracking hits failed while stopping; they stay pending and are counted after the next start.")]
    private partial void LogLeftPending(Exception e);
}
