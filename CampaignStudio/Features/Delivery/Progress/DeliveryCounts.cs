namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// How many of a campaign's messages (all, or one channel's) stand where in the ledger. <see cref="Queued"/> and
/// <see cref="Waiting"/> split the pending rows into those due now and those due later (a recipient's local time,
/// or a retry's backoff).
/// </summary>
public sealed record DeliveryCounts
{
    public static readonly DeliveryCounts None = new();

    /// <summary>Pending and due: the next to be claimed.</summary>
    public int Queued { get; init; }

    /// <summary>Pending but not due yet: a later time-zone wave, or a retry waiting out its backoff.</summary>
    public int Waiting { get; init; }

    /// <summary>Pending after a failed try (part of <see cref="Queued"/> and <see cref="Waiting"/>).</summary>
    public int Retrying { get; init; }

    public int InFlight { get; init; }

    /// <summary>Accepted by the provider, with no later report (yet).</summary>
    public int Sent { get; init; }

    public int Delivered { get; init; }

    public int Undelivered { get; init; }

    public int Failed { get; init; }

    public int Skipped { get; init; }

    public int Cancelled { get; init; }

    /// <summary>Rendered into the Outbox because no provider is configured for the channel: not sent.</summary>
    public int Outboxed { get; init; }

    public int Total => Pending + InFlight + Done;

    public int Pending => Queued + Waiting;

    /// <summary>Messages that still have to go: pending or in flight.</summary>
    public int Open => Pending + InFlight;

    /// <summary>Messages with a result: sent (and later reports), failed, skipped, cancelled or put in the Outbox.</summary>
    public int Done => Accepted + Failed + Skipped + Cancelled + Outboxed;

    /// <summary>Every message a provider accepted, whatever it reported later.</summary>
    public int Accepted => Sent + Delivered + Undelivered;

    /// <summary><see cref="Done"/> as a share of <see cref="Total"/> (0–1).</summary>
    public double DoneShare => Total == 0 ? 0 : Done / (double)Total;

    public static DeliveryCounts operator +(DeliveryCounts a, DeliveryCounts b) => new()
    {
        Queued = a.Queued + b.Queued,
        Waiting = a.Waiting + b.Waiting,
        Retrying = a.Retrying + b.Retrying,
        InFlight = a.InFlight + b.InFlight,
        Sent = a.Sent + b.Sent,
        Delivered = a.Delivered + b.Delivered,
        Undelivered = a.Undelivered + b.Undelivered,
        Failed = a.Failed + b.Failed,
        Skipped = a.Skipped + b.Skipped,
        Cancelled = a.Cancelled + b.Cancelled,
        Outboxed = a.Outboxed + b.Outboxed,
    };

    /// <summary>
    /// <paramref name="count"/> rows in <paramref name="status"/>; for pending rows, <paramref name="notDueYet"/> of
    /// them are due later and <paramref name="retried"/> were tried before.
    /// </summary>
    public static DeliveryCounts Of(DeliveryStatus status, int count, int notDueYet = 0, int retried = 0) => status switch
    {
        DeliveryStatus.Pending => new() { Queued = count - notDueYet, Waiting = notDueYet, Retrying = retried },
        DeliveryStatus.InFlight => new() { InFlight = count },
        DeliveryStatus.Sent => new() { Sent = count },
        DeliveryStatus.Delivered => new() { Delivered = count },
        DeliveryStatus.Undelivered => new() { Undelivered = count },
        DeliveryStatus.Failed => new() { Failed = count },
        DeliveryStatus.Skipped => new() { Skipped = count },
        DeliveryStatus.Cancelled => new() { Cancelled = count },
        DeliveryStatus.Outboxed => new() { Outboxed = count },
        _ => None,
    };
}
