using System.Collections.Concurrent;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Paces sends to each channel's rate (<c>Campaigns:Delivery:RatePerSecond</c>) and each sender's
/// (<c>Campaigns:Delivery:SenderRatePerSecond</c>) in this instance. Each <see cref="Pacer"/> hands out send slots on a
/// virtual clock (the generic cell rate algorithm): an acquisition of n messages takes the next n slots, 1/rate apart,
/// and waits until the first of them. Slots follow from the previous ones, not from when a waiter happened to wake up,
/// so a late wake-up neither loses rate nor lets a burst through; an idle pacer may run ahead by one step at most.
/// Acquisitions are one step (20 ms of the rate) at most, so no 1-second window carries more than the rate plus two
/// steps (4 %).
/// </summary>
public sealed class SendThrottle
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private readonly Dictionary<Channel, Pacer> channels;
    private readonly ConcurrentDictionary<string, Pacer> senders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> senderRates;
    /// <summary>
    /// Providers count real seconds: pacing runs on the system clock, not the app's (possibly simulated) one.
    /// </summary>
    private readonly TimeProvider clock;

    public SendThrottle(IOptions<DeliveryRateOptions> rates, IOptions<DeliveryOptions> options)
        : this(rates, options, TimeProvider.System)
    {
    }

    internal SendThrottle(IOptions<DeliveryRateOptions> rates, IOptions<DeliveryOptions> options, TimeProvider pacingClock)
    {
        clock = pacingClock;
        channels = Enum.GetValues<Channel>().ToDictionary(c => c, c => new Pacer(rates.Value.For(c), clock));
        senderRates = new Dictionary<string, int>(options.Value.SenderRatePerSecond, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// How many messages one acquisition takes at most: one step of the channel's rate, and of the sender's when it has
    /// a rate of its own (a larger acquisition would let a whole burst go at once).
    /// </summary>
    public int StepSize(Channel channel, string? senderKey = null) =>
        senderKey is not null && senderRates.TryGetValue(senderKey, out var rate)
            ? Math.Min(channels[channel].PerStep, SenderPacer(senderKey, rate).PerStep)
            : channels[channel].PerStep;

    /// <summary>Waits until <paramref name="count"/> messages may go out on the channel as the sender.</summary>
    public async Task AcquireAsync(Channel channel, string? senderKey, int count, CancellationToken cancellationToken)
    {
        await channels[channel].AcquireAsync(count, cancellationToken);
        if (senderKey is not null && senderRates.TryGetValue(senderKey, out var rate))
        {
            await SenderPacer(senderKey, rate).AcquireAsync(count, cancellationToken);
        }
    }

    private Pacer SenderPacer(string senderKey, int rate) => senders.GetOrAdd(senderKey, _ => new Pacer(rate, clock));

    private sealed class Pacer(int ratePerSecond, TimeProvider clock)
    {
        private readonly Lock gate = new();
        private readonly long interval = Math.Max(1, clock.TimestampFrequency / Math.Max(1, ratePerSecond));
        private long nextSlot = long.MinValue;

        public int PerStep { get; } = Math.Max(1, (int)Math.Floor(ratePerSecond * Step.TotalSeconds));

        public async Task AcquireAsync(int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                var take = Math.Min(count, PerStep);
                long start;
                long now;
                lock (gate)
                {
                    now = clock.GetTimestamp();

                    // An idle (or fallen-behind) pacer starts from now, at most one step ahead of its slots.
                    start = Math.Max(nextSlot, now - (PerStep * interval));
                    nextSlot = start + (take * interval);
                }

                if (start > now)
                {
                    await Task.Delay(clock.GetElapsedTime(now, start), clock, cancellationToken);
                }

                count -= take;
            }
        }
    }
}
