using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>The pacer's slots on a simulated clock: which acquisitions may go at which moment.</summary>
public sealed class SendThrottleTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void StepSize_IsTwentyMillisecondsOfTheRate_AtLeastOne()
    {
        var throttle = Throttle(sms: 500, senders: new() { ["slow@acme.example"] = 10 });

        Assert.Equal(10, throttle.StepSize(Channel.Sms));
        Assert.Equal(1, throttle.StepSize(Channel.Sms, "slow@acme.example"));
        Assert.Equal(10, throttle.StepSize(Channel.Sms, "other@acme.example"));
    }

    [Fact]
    public async Task AnIdlePacer_LetsTwoStepsGo_ThenOneStepPerTwentyMilliseconds()
    {
        var throttle = Throttle(sms: 500);

        Assert.True(Acquire(throttle, 10).IsCompleted);
        Assert.True(Acquire(throttle, 10).IsCompleted);
        var third = Acquire(throttle, 10);
        var fourth = Acquire(throttle, 10);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(19));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OverAnySecond_NoMoreThanTheRatePlusTwoSteps_AndLateCallersCatchUp()
    {
        var throttle = Throttle(sms: 500);
        var granted = new List<TimeSpan>();
        var start = clock.GetUtcNow();

        // Waiters wake up late (the clock moves in 7 ms jumps, the slots are 2 ms apart): they still get the full rate,
        // and never a burst beyond the slots already due.
        while (clock.GetUtcNow() - start < TimeSpan.FromSeconds(3))
        {
            var pending = Enumerable.Range(0, 5).Select(_ => Acquire(throttle, 10)).ToList();
            while (pending.Count > 0)
            {
                foreach (var done in pending.Where(t => t.IsCompleted).ToList())
                {
                    await done;
                    pending.Remove(done);
                    granted.AddRange(Enumerable.Repeat(clock.GetUtcNow() - start, 10));
                }

                if (pending.Count > 0)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(7));
                }
            }
        }

        var busiest = granted.Max(t => granted.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)));
        Assert.InRange(busiest, 500, 520);
        var steady = granted.Count(t => t >= TimeSpan.FromSeconds(1) && t < TimeSpan.FromSeconds(2));
        Assert.InRange(steady, 480, 520);
    }

    [Fact]
    public async Task ASenderRate_PacesItsMessagesBelowTheChannelRate()
    {
        var throttle = Throttle(sms: 500, senders: new() { ["slow@acme.example"] = 10 });

        Assert.True(throttle.AcquireAsync(Channel.Sms, "slow@acme.example", 1, CancellationToken.None).IsCompleted);
        Assert.True(throttle.AcquireAsync(Channel.Sms, "slow@acme.example", 1, CancellationToken.None).IsCompleted);
        var third = throttle.AcquireAsync(Channel.Sms, "slow@acme.example", 1, CancellationToken.None);
        Assert.True(throttle.AcquireAsync(Channel.Sms, "other@acme.example", 1, CancellationToken.None).IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private Task Acquire(SendThrottle throttle, int count) => throttle.AcquireAsync(Channel.Sms, null, count, CancellationToken.None);

    private SendThrottle Throttle(int sms, Dictionary<string, int>? senders = null) => new(
        Options.Create(new DeliveryRateOptions { Sms = sms }),
        Options.Create(new DeliveryOptions { SenderRatePerSecond = senders ?? [] }),
        clock);
}
