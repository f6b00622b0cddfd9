namespace CampaignStudio.Features.Delivery;

/// <summary>
/// Where one message of a campaign (one contact on one channel) stands in the ledger. Only <see cref="Pending"/> rows are
/// claimed; <see cref="InFlight"/> rows belong to a worker until their lease ends; the rest are results.
/// </summary>
public enum DeliveryStatus
{
    /// <summary>Waiting to be sent (at <see cref="DeliveryRecord.DueUtc"/>, which a retry moves later).</summary>
    Pending = 0,

    /// <summary>Claimed by a worker that is rendering or sending it now.</summary>
    InFlight = 1,

    /// <summary>The provider acknowledged it (accepted for delivery).</summary>
    Sent = 2,

    /// <summary>The provider reported it delivered to the recipient.</summary>
    Delivered = 3,

    /// <summary>The provider accepted it but later reported that it could not be delivered.</summary>
    Undelivered = 4,

    /// <summary>It could not be sent: a permanent refusal, or transient failures until the attempts ran out.</summary>
    Failed = 5,

    /// <summary>Not sent on purpose (<see cref="DeliveryRecord.SkipReason"/> says why): no address, no consent, suppressed.</summary>
    Skipped = 6,

    /// <summary>The campaign was stopped before it was sent.</summary>
    Cancelled = 7,

    /// <summary>No provider is configured for the channel: rendered into the Outbox, not sent.</summary>
    Outboxed = 8,
}
