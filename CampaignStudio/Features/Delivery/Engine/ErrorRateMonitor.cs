using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Counts each campaign's recent send attempts and failures in this instance (1-second buckets over
/// <see cref="DeliveryOptions.AutoPauseWindowSeconds"/>), and says when the failure share crosses
/// <see cref="DeliveryOptions.AutoPauseErrorRate"/> over at least <see cref="DeliveryOptions.AutoPauseMinAttempts"/>.
/// Counts belong to one run of the campaign, named by its revision: a pause and a resume start a new run with a clean
/// slate, and late results of an older run are ignored.
/// </summary>
public sealed class ErrorRateMonitor(IOptions<DeliveryOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, Window> windows = new();

    public void Record(int campaignId, int revision, int attempts, int failures)
    {
        var window = windows.GetOrAdd(campaignId, _ => new Window());
        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        lock (window)
        {
            if (revision < window.Revision)
            {
                return;
            }

            if (revision > window.Revision)
            {
                window.Restart(revision);
            }

            window.Add(second, attempts, failures, options.Value.AutoPauseWindowSeconds);
        }
    }

    /// <summary>The failure share when it is over the limit (with enough attempts to judge), else null.</summary>
    public double? Tripped(int campaignId, int revision)
    {
        if (!windows.TryGetValue(campaignId, out var window))
        {
            return null;
        }

        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        lock (window)
        {
            if (window.Revision != revision)
            {
                return null;
            }

            var (attempts, failures) = window.Totals(second, options.Value.AutoPauseWindowSeconds);
            if (attempts < options.Value.AutoPauseMinAttempts)
            {
                return null;
            }

            var rate = failures / (double)attempts;
            return rate >= options.Value.AutoPauseErrorRate ? rate : null;
        }
    }

    /// <summary>Forgets a campaign's history (when it pauses, so a resume starts afresh).</summary>
    public void Reset(int campaignId) => windows.TryRemove(campaignId, out _);

    private sealed class Window
    {
        private readonly Queue<(long Second, int Attempts, int Failures)> buckets = new();

        public int Revision { get; private set; }

        public void Restart(int revision)
        {
            Revision = revision;
            buckets.Clear();
        }

        public void Add(long second, int attempts, int failures, int windowSeconds)
        {
            Trim(second, windowSeconds);
            buckets.Enqueue((second, attempts, failures));
        }

        public (int Attempts, int Failures) Totals(long second, int windowSeconds)
        {
            Trim(second, windowSeconds);
            return (buckets.Sum(b => b.Attempts), buckets.Sum(b => b.Failures));
        }

        private void Trim(long second, int windowSeconds)
        {
            while (buckets.TryPeek(out var oldest) && oldest.Second <= second - windowSeconds)
            {
                buckets.Dequeue();
            }
        }
    }
}
