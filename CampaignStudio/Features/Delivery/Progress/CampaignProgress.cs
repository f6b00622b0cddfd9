using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Where a campaign's sending stands at <see cref="AsOfUtc"/>: its state, the ledger counted by status and per channel,
/// the messages sent per second over the last seconds, an estimate of when the messages due now are out (null while it
/// cannot be told: paused, or nothing sent lately), why messages were skipped, the most frequent errors, how many
/// claims ran out (messages that may have gone twice), and when the next message not due yet is due.
/// </summary>
public sealed record CampaignProgress(
    int CampaignId,
    CampaignStatus Status,
    string? PauseReason,
    string? FailureReason,
    DateTime? StartedUtc,
    DateTime? CompletedUtc,
    DeliveryCounts Totals,
    IReadOnlyList<ChannelProgress> Channels,
    IReadOnlyList<SkipReasonCount> SkipReasons,
    double RatePerSecond,
    TimeSpan? Eta,
    IReadOnlyList<DeliveryErrorCount> Errors,
    int LeaseLapses,
    DateTime? NextDueUtc,
    DateTime AsOfUtc)
{
    /// <summary>Whether the audience is in the ledger yet (a campaign that has not started sending has no rows).</summary>
    public bool HasRows => Totals.Total > 0;

    public bool IsLive => Status is CampaignStatus.Sending or CampaignStatus.Paused;
}
