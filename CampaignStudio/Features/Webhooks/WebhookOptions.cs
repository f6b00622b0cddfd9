using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Webhooks;

/// <summary>How webhook events are sent (<c>Webhooks</c>), validated at start-up.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>False runs no dispatcher in this instance (events are still written to the outbox for another to send).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often an idle dispatcher looks for due deliveries (a publish in this instance wakes it sooner).</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Deliveries claimed at a time.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>POSTs in flight at once per instance.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;

    /// <summary>A receiver that has not answered in this time has failed this try.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Tries per delivery before it is given up and its endpoint marked failing.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits this long, each next one twice as long, up to <see cref="RetryMaxSeconds"/>; never sooner than a receiver's Retry-After.</summary>
    [Range(1, 86_400)]
    public int RetryBaseSeconds { get; set; } = 30;

    [Range(1, 604_800)]
    public int RetryMaxSeconds { get; set; } = 21_600;

    /// <summary>The longest Retry-After honoured (a longer one waits this long).</summary>
    [Range(1, 604_800)]
    public int MaxRetryAfterSeconds { get; set; } = 86_400;

    /// <summary>How long a claimed delivery is held before another dispatcher may take it (longer than the timeout).</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The wait before try <paramref name="nextAttempt"/> (2 for the first retry): base × 2^(n−2), capped.</summary>
    public TimeSpan BackoffBefore(int nextAttempt) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Clamp(nextAttempt - 2, 0, 30))));
}
