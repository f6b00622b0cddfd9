using System.Diagnostics;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>What engine fault tests and rate benchmarks rely on in the stand-ins: the rate limit, the peak measure, a prompt stop.</summary>
public sealed class TwilioStandInTests
{
    [Fact]
    public async Task RateLimit_BurstAboveIt_AcceptsTheRateAndAnswersTheRest429WithRetryAfter()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        twilio.RateLimitPerSecond = 5;
        var burst = Enumerable.Range(1, 12).Select(i => new SmsMessage(i, 1, $"+9198200000{i:00}", "Hi")).ToList();

        var results = await TwilioChannels.Sms(twilio, o => o.MaxConcurrentRequests = 12).SendAsync(burst, CancellationToken.None);

        Assert.Equal(5, results.Count(r => r.Outcome == SendOutcome.Accepted));
        Assert.All(results.Where(r => r.Outcome != SendOutcome.Accepted), r => Assert.Equal((SendOutcome.Transient, TimeSpan.FromSeconds(1)), (r.Outcome, r.RetryAfter)));
        Assert.Equal(5, twilio.PeakAccepted());
        Assert.Equal(12, twilio.Requests.Count);
    }

    [Fact]
    public async Task PeakAccepted_SpreadOverTwoSeconds_CountsTheBusiestSecondOnly()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        var channel = TwilioChannels.Sms(twilio);

        await channel.SendAsync([new SmsMessage(1, 1, "+919820000001", "Hi"), new SmsMessage(2, 1, "+919820000002", "Hi"), new SmsMessage(3, 1, "+919820000003", "Hi")], CancellationToken.None);
        await Task.Delay(1100);
        await channel.SendAsync([new SmsMessage(4, 1, "+919820000004", "Hi")], CancellationToken.None);

        Assert.Equal(3, twilio.PeakAccepted());
        Assert.Equal(4, twilio.PeakAccepted(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Dispose_WithSlowAnswersPending_StopsPromptly()
    {
        var twilio = await TwilioStandIn.StartAsync();
        twilio.When(_ => StandInReply.Slow(TimeSpan.FromMinutes(5)));
        var sending = TwilioChannels.Sms(twilio, o => o.TimeoutSeconds = 300).SendAsync([new SmsMessage(1, 1, "+919820000001", "Hi")], CancellationToken.None);
        while (twilio.Requests.Count == 0)
        {
            await Task.Delay(20);
        }

        var clock = Stopwatch.StartNew();
        await twilio.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(SendOutcome.Transient, Assert.Single(await sending).Outcome);
    }
}
