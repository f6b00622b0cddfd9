using System.Collections.Concurrent;
using System.Globalization;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Warms a channel (<see cref="IChannel.WarmUpAsync"/>) before this instance sends on it after a quiet spell. Without
/// it, the first paced messages of a campaign wait together for a cold connection and compiling code, and reach the
/// provider bunched: a second's worth plus those (a rate-limited provider counts them in one second). One warm-up
/// serves every worker waiting for it; it is given up on after <see cref="DefaultLimit"/>. A provider that does not answer as
/// it should is logged as a warning; the sends record their own results, so nothing is held back by a failed
/// warm-up. The Outbox, which sends nothing, needs none.
/// </summary>
public sealed partial class ChannelWarmUp
{
    /// <summary>
    /// How long a channel stays warm after its last send or warm-up: under the HTTP client's default of one minute
    /// before an idle connection is closed.
    /// </summary>
    public static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(50);

    /// <summary>The longest the first messages wait for a warm-up.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Channel, State> states = new();
    private readonly ILogger<ChannelWarmUp> logger;
    private readonly TimeSpan limit;

    /// <summary>Connections idle out in real seconds: this runs on the system clock, not the app's (possibly simulated) one.</summary>
    private readonly TimeProvider clock;

    public ChannelWarmUp(ILogger<ChannelWarmUp> logger)
        : this(logger, TimeProvider.System, DefaultLimit)
    {
    }

    internal ChannelWarmUp(ILogger<ChannelWarmUp> logger, TimeProvider clock, TimeSpan limit)
    {
        this.logger = logger;
        this.clock = clock;
        this.limit = limit;
    }

    /// <summary>Warms <paramref name="channel"/> unless it sent or was warmed within the last <see cref="QuietSpell"/>.</summary>
    public async Task EnsureWarmAsync(IChannel channel, CancellationToken cancellationToken)
    {
        if (!channel.SendsForReal)
        {
            return;
        }

        var state = states.GetOrAdd(channel.Channel, _ => new State());
        if (IsWarm(state))
        {
            return;
        }

        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another worker may have warmed it while this one waited.
            if (IsWarm(state))
            {
                return;
            }

            var started = clock.GetTimestamp();
            using var timeUp = new CancellationTokenSource(limit, clock);
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeUp.Token);
            string? problem;
            try
            {
                problem = await channel.WarmUpAsync(giveUp.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"no answer within {limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
            }

            if (problem is null)
            {
                LogWarmed(channel.Channel, channel.Provider, (long)clock.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                LogNotWarmed(channel.Channel, channel.Provider, problem);
            }

            // Tried either way: a provider that is down is not asked again before every batch.
            Volatile.Write(ref state.LastActive, clock.GetTimestamp());
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Notes that <paramref name="channel"/> has just sent: its connections are in use, so it stays warm.</summary>
    public void Sent(Channel channel) => Volatile.Write(ref states.GetOrAdd(channel, _ => new State()).LastActive, clock.GetTimestamp());

    private bool IsWarm(State state)
    {
        var last = Volatile.Read(ref state.LastActive);
        return last != State.Never && clock.GetElapsedTime(last) < QuietSpell;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} channel ({Provider}) warmed up in {Milliseconds} ms before sending.")]
    private partial void LogWarmed(Channel channel, string provider, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} channel ({Provider}) could not be warmed up before sending: {Problem}. Its messages go ahead and record what the provider answers.")]
    private partial void LogNotWarmed(Channel channel, string provider, string problem);

    private sealed class State
    {
        public const long Never = long.MinValue;

        public readonly SemaphoreSlim Gate = new(1, 1);

        /// <summary>The timestamp of the last send or warm-up, or <see cref="Never"/>.</summary>
        public long LastActive = Never;
    }
}
