using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>
/// One channel's figures for a campaign (or a campaign's totals, with <see cref="Channel"/> null). Counts of people are
/// "unique" (each recipient at most once); <see cref="Opens"/> and <see cref="Clicks"/> count every hit. Automated
/// opens (mail privacy prefetch, link scanners) are counted apart and are in neither the opens nor the rates.
/// </summary>
public sealed record ChannelMetrics(
    Channel? Channel,
    long Audience,
    long Sent,
    long Delivered,
    long Failed,
    long Bounced,
    long Skipped,
    long UniqueOpens,
    long Opens,
    long AutomatedOpens,
    long UniqueClicks,
    long Clicks,
    long Conversions,
    decimal ConversionValue,
    long Unsubscribes)
{
    /// <summary>Messages that reached the provider: delivered when the provider reports deliveries, else sent.</summary>
    public long Reached => Delivered > 0 ? Delivered : Sent;

    /// <summary>Unique opens / messages reached (null before anything went out).</summary>
    public double? OpenRate => Ratio(UniqueOpens, Reached);

    /// <summary>Unique clicks / messages reached.</summary>
    public double? ClickRate => Ratio(UniqueClicks, Reached);

    /// <summary>Unique clicks / unique opens.</summary>
    public double? ClickToOpenRate => Ratio(UniqueClicks, UniqueOpens);

    /// <summary>Converted recipients / messages reached.</summary>
    public double? ConversionRate => Ratio(Conversions, Reached);

    /// <summary>Unsubscribes / messages reached.</summary>
    public double? UnsubscribeRate => Ratio(Unsubscribes, Reached);

    public static ChannelMetrics Empty(Channel? channel) => new(channel, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0);

    private static double? Ratio(long part, long whole) => whole <= 0 ? null : part / (double)whole;
}
