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
    public async Task AnIdlePacer_LetsOneStepGo_ThenOneStepPerTwentyMilliseconds()
    {
        var throttle = Throttle(sms: 500);

        Assert.True(Acquire(throttle, 10).IsCompleted);
        var second = Acquire(throttle, 10);
        var third = Acquire(throttle, 10);
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(19));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await CompletedAsync([second, third], 1);
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
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
        Assert.InRange(busiest, 500, 510);
        var steady = granted.Count(t => t >= TimeSpan.FromSeconds(1) && t < TimeSpan.FromSeconds(2));
        Assert.InRange(steady, 480, 520);
    }

    [Fact]
    public async Task AfterAStall_CallersThatAllOverslept_GoOneStepAtATime_WithoutABurst()
    {
        var throttle = Throttle(sms: 500);
        Assert.True(Acquire(throttle, 10).IsCompleted);
        var waiting = Enumerable.Range(0, 5).Select(_ => Acquire(throttle, 10)).ToList();

        // The whole process stalls for 200 ms (a long garbage collection): every waiter's slot has passed when it wakes.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await CompletedAsync(waiting, 1);
        await Task.Delay(100);
        Assert.Equal(1, waiting.Count(t => t.IsCompleted));

        clock.Advance(TimeSpan.FromMilliseconds(20));
        await CompletedAsync(waiting, 2);
        await Task.Delay(100);
        Assert.Equal(2, waiting.Count(t => t.IsCompleted));
        for (var step = 0; step < 100 && waiting.Any(t => !t.IsCompleted); step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(20);
        }

        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ASenderRate_PacesItsMessagesBelowTheChannelRate()
    {
        var throttle = Throttle(sms: 500, senders: new() { ["slow@acme.example"] = 10 });

        Assert.True(throttle.AcquireAsync(Channel.Sms, "slow@acme.example", 1, CancellationToken.None).IsCompleted);
        var second = throttle.AcquireAsync(Channel.Sms, "slow@acme.example", 1, CancellationToken.None);
        var other = throttle.AcquireAsync(Channel.Sms, "other@acme.example", 1, CancellationToken.None);

        // The channel's slots are 2 ms apart: the other sender goes within a few of them; the slow one waits 100 ms.
        for (var ms = 0; ms < 10 && !other.IsCompleted; ms++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(20);
        }

        await other.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(80));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Waits (in real time, for the woken callers' continuations) until <paramref name="count"/> of the tasks have completed.</summary>
    private static async Task CompletedAsync(List<Task> tasks, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (tasks.Count(t => t.IsCompleted) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {tasks.Count(t => t.IsCompleted)} of {count} callers went");
            await Task.Delay(5);
        }
    }

    private Task Acquire(SendThrottle throttle, int count) => throttle.AcquireAsync(Channel.Sms, null, count, CancellationToken.None);

    private SendThrottle Throttle(int sms, Dictionary<string, int>? senders = null) => new(
        Options.Create(new DeliveryRateOptions { Sms = sms }),
        Options.Create(new DeliveryOptions { SenderRatePerSecond = senders ?? [] }),
        clock);
}
