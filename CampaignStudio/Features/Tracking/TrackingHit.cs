namespace CampaignStudio.Features.Tracking;

/// <summary>
/// One hit as an endpoint saw it, waiting to be recorded. <see cref="IsAutomated"/> is what the request itself gave away
/// (a HEAD request, a scanner's user agent, a privacy proxy); the writer adds what only the ledger can tell (an open
/// within seconds of sending, clicks on several links within a second).
/// </summary>
public sealed record TrackingHit(TrackedDelivery Target, TrackingEventKind Kind, DateTime OccurredUtc)
{
    public bool IsAutomated { get; init; }

    public string? UserAgent { get; init; }

    public string? Name { get; init; }

    public decimal? Value { get; init; }

    public string? Currency { get; init; }
}
