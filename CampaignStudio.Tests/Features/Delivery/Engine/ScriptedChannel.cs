using System.Collections.Concurrent;
using System.Globalization;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// A channel whose answers the test decides (by default: accepted), recording every message it is handed and when,
/// with an optional delay per call. Thread-safe, like real channels must be.
/// </summary>
public sealed class ScriptedChannel(Channel channel, string provider = "Scripted", bool sendsForReal = true) : IChannel
{
    private readonly ConcurrentDictionary<long, int> calls = new();

    public Channel Channel { get; } = channel;

    public string Provider { get; } = provider;

    public bool SendsForReal { get; } = sendsForReal;

    public ConcurrentQueue<(OutgoingMessage Message, DateTime AtUtc)> Received { get; } = new();

    /// <summary>The answer for a message and how many times its delivery was handed over before (0 the first time).</summary>
    public Func<OutgoingMessage, int, SendResult>? Answer { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>When each warm-up was asked for (UTC), in order.</summary>
    public ConcurrentQueue<DateTime> WarmUps { get; } = new();

    /// <summary>What a warm-up answers: null (the provider answered) unless the test says otherwise.</summary>
    public string? WarmUpProblem { get; set; }

    /// <summary>How long a warm-up takes; one longer than the engine's limit is given up on.</summary>
    public TimeSpan WarmUpDelay { get; set; }

    /// <summary>The most messages it held at once (handed over and not answered yet), over all callers.</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    private int atOnce;
    private int mostAtOnce;

    public IReadOnlyList<OutgoingMessage> Messages => [.. Received.Select(r => r.Message)];

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var now = Interlocked.Add(ref atOnce, messages.Count);
        for (var most = Volatile.Read(ref mostAtOnce); now > most && Interlocked.CompareExchange(ref mostAtOnce, now, most) != most; most = Volatile.Read(ref mostAtOnce))
        {
        }

        try
        {
            return await AnswerAsync(messages, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref atOnce, -messages.Count);
        }
    }

    public async Task<string?> WarmUpAsync(CancellationToken cancellationToken)
    {
        WarmUps.Enqueue(DateTime.UtcNow);
        if (WarmUpDelay > TimeSpan.Zero)
        {
            await Task.Delay(WarmUpDelay, cancellationToken);
        }

        return WarmUpProblem;
    }

    private async Task<IReadOnlyList<SendResult>> AnswerAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        var results = new List<SendResult>();
        foreach (var message in messages)
        {
            Received.Enqueue((message, DateTime.UtcNow));
            var before = calls.AddOrUpdate(message.DeliveryId, 0, (_, n) => n + 1);
            results.Add(Answer?.Invoke(message, before)
                ?? SendResult.Accepted(message.DeliveryId, $"{Provider.ToLowerInvariant()}-{message.DeliveryId.ToString(CultureInfo.InvariantCulture)}"));
        }

        return results;
    }
}
