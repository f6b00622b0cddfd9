using System.Collections.Concurrent;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>When a channel is warmed before sending, on a simulated clock: once per quiet spell, shared, bounded, never in the way.</summary>
public sealed class ChannelWarmUpTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly RecordingLogger log = new();
    private readonly ScriptedChannel sms = new(Channel.Sms);

    [Fact]
    public async Task ColdChannel_IsWarmedOnce_ThenStaysWarmWhileItSends()
    {
        var warmUp = WarmUp();

        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        Assert.Single(sms.WarmUps);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Sms channel (Scripted) warmed up in ", StringComparison.Ordinal));

        for (var i = 0; i < 5; i++)
        {
            clock.Advance(ChannelWarmUp.QuietSpell - TimeSpan.FromSeconds(1));
            warmUp.Sent(Channel.Sms);
            await warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        }

        Assert.Single(sms.WarmUps);
    }

    [Fact]
    public async Task AfterAQuietSpell_IsWarmedAgain()
    {
        var warmUp = WarmUp();
        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);

        clock.Advance(ChannelWarmUp.QuietSpell - TimeSpan.FromMilliseconds(1));
        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        Assert.Single(sms.WarmUps);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        Assert.Equal(2, sms.WarmUps.Count);
    }

    [Fact]
    public async Task ManyWorkersAtOnce_ShareOneWarmUp_AndEachChannelHasItsOwn()
    {
        var warmUp = WarmUp();
        sms.WarmUpDelay = TimeSpan.FromMilliseconds(200);
        var whatsApp = new ScriptedChannel(Channel.WhatsApp);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => warmUp.EnsureWarmAsync(sms, CancellationToken.None)).Append(warmUp.EnsureWarmAsync(whatsApp, CancellationToken.None)));

        Assert.Single(sms.WarmUps);
        Assert.Single(whatsApp.WarmUps);
    }

    [Fact]
    public async Task ProviderNotAnsweringAsItShould_IsAWarning_AndNotAskedAgainBeforeTheNextQuietSpell()
    {
        var warmUp = WarmUp();
        sms.WarmUpProblem = "Twilio 20003: Authenticate (check Channels:Twilio:AccountSid and AuthToken)";

        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        await warmUp.EnsureWarmAsync(sms, CancellationToken.None);

        Assert.Single(sms.WarmUps);
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("Sms channel (Scripted) could not be warmed up before sending: Twilio 20003: Authenticate (check Channels:Twilio:AccountSid and AuthToken). Its messages go ahead and record what the provider answers.", warning.Message);
    }

    [Fact]
    public async Task WarmUpThatHangs_IsGivenUpOnAtTheLimit()
    {
        var warmUp = WarmUp();
        sms.WarmUpDelay = TimeSpan.FromMinutes(5);

        var warming = warmUp.EnsureWarmAsync(sms, CancellationToken.None);
        await WaitUntilAsync(() => !sms.WarmUps.IsEmpty);
        Assert.False(warming.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        await warming.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("could not be warmed up before sending: no answer within 2 s.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelled_Throws()
    {
        var warmUp = WarmUp();
        sms.WarmUpDelay = TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warmUp.EnsureWarmAsync(sms, cancel.Token));
    }

    [Fact]
    public async Task Outbox_IsNeverWarmed()
    {
        var outbox = new ScriptedChannel(Channel.Sms, "Outbox", sendsForReal: false);

        await WarmUp().EnsureWarmAsync(outbox, CancellationToken.None);

        Assert.Empty(outbox.WarmUps);
        Assert.Empty(log.Entries);
    }

    private ChannelWarmUp WarmUp() => new(log, clock, TimeSpan.FromSeconds(2));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition was not met within 10 s.");
            await Task.Delay(10);
        }
    }

    private sealed class RecordingLogger : ILogger<ChannelWarmUp>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> entries = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
