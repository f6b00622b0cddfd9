using System.Collections.Concurrent;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Paces sends to each channel's rate (<c>Campaigns:Delivery:RatePerSecond</c>) and each sender's
/// (<c>Campaigns:Delivery:SenderRatePerSecond</c>) in this instance. Each <see cref="Pacer"/> hands out send slots on a
/// virtual clock (the generic cell rate algorithm): an acquisition of n messages takes the next n slots, 1/rate apart,
/// once the first of them is due, and waits for it until then. Slots follow from the previous ones, not from when a
/// waiter happened to wake up, so a wake-up late by less than a step loses no rate. A slot is taken only when it is
/// due, by whoever is awake then, and a pacer that was idle or stalled (a garbage collection, a starved thread pool)
/// for longer than a step starts again from now: neither the start of a campaign nor the end of a stall lets a burst
/// through, however many callers were waiting. Acquisitions are one step (20 ms of the rate) at most, so a 1-second
/// window carries the rate plus at most one step (2 %) of catch-up after jitter.
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
                while (true)
                {
                    long start;
                    long now;
                    lock (gate)
                    {
                        now = clock.GetTimestamp();

                        // A caller that woke up late (by less than a step) still gets the slot it was due, so jitter
                        // loses no rate; a pacer idle or stalled for longer starts again from now, without a burst.
                        start = nextSlot >= now - (PerStep * interval) ? nextSlot : now;
                        if (start <= now)
                        {
                            nextSlot = start + (take * interval);
                            break;
                        }
                    }

                    // The slot is taken only once it is due, by whoever is awake then: callers that all overslept (a
                    // pause of the whole process) find one step of catch-up between them, not one step each.
                    await Task.Delay(clock.GetElapsedTime(now, start), clock, cancellationToken);
                }

                count -= take;
            }
        }
    }
}
