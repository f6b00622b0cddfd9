using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Paces sends to each channel's rate (<c>Campaigns:Delivery:RatePerSecond</c>) and each sender's
/// (<c>Campaigns:Delivery:SenderRatePerSecond</c>) in this instance. Token buckets refill in small steps (every 25 ms,
/// or one token at a time for slow rates) and hold no more than one step, so no 1-second window goes more than one
/// step over the rate.
/// </summary>
public sealed class SendThrottle : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(25);
    private readonly Dictionary<Channel, Bucket> channels;
    private readonly ConcurrentDictionary<string, Bucket> senders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> senderRates;

    public SendThrottle(IOptions<DeliveryRateOptions> rates, IOptions<DeliveryOptions> options)
    {
        channels = Enum.GetValues<Channel>().ToDictionary(c => c, c => new Bucket(rates.Value.For(c)));
        senderRates = new Dictionary<string, int>(options.Value.SenderRatePerSecond, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// How many messages one acquisition takes at most: one refill step of the channel's bucket, and of the sender's when
    /// it has a rate of its own (a larger acquisition would wait for many refills, then let them all go at once).
    /// </summary>
    public int StepSize(Channel channel, string? senderKey = null) =>
        senderKey is not null && senderRates.TryGetValue(senderKey, out var rate)
            ? Math.Min(channels[channel].PerStep, senders.GetOrAdd(senderKey, _ => new Bucket(rate)).PerStep)
            : channels[channel].PerStep;

    /// <summary>Waits until <paramref name="count"/> messages may go out on the channel as the sender.</summary>
    public async Task AcquireAsync(Channel channel, string? senderKey, int count, CancellationToken cancellationToken)
    {
        await channels[channel].AcquireAsync(count, cancellationToken);
        if (senderKey is not null && senderRates.TryGetValue(senderKey, out var rate))
        {
            await senders.GetOrAdd(senderKey, _ => new Bucket(rate)).AcquireAsync(count, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var bucket in channels.Values.Concat(senders.Values))
        {
            bucket.Dispose();
        }
    }

    private sealed class Bucket : IDisposable
    {
        private readonly TokenBucketRateLimiter limiter;

        public Bucket(int ratePerSecond)
        {
            var perStep = ratePerSecond * Step.TotalSeconds;
            (PerStep, var period) = perStep >= 1
                ? ((int)Math.Floor(perStep), TimeSpan.FromSeconds(Math.Floor(perStep) / ratePerSecond))
                : (1, TimeSpan.FromSeconds(1.0 / ratePerSecond));
            limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = PerStep,
                TokensPerPeriod = PerStep,
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        public int PerStep { get; }

        public async Task AcquireAsync(int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                var take = Math.Min(count, PerStep);
                using var lease = await limiter.AcquireAsync(take, cancellationToken);
                if (!lease.IsAcquired)
                {
                    throw new InvalidOperationException("The send rate limiter refused a lease it should have queued.");
                }

                count -= take;
            }
        }

        public void Dispose() => limiter.Dispose();
    }
}
