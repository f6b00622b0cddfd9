using CampaignStudio.Features.Campaigns.Metrics;

namespace CampaignStudio.Features.Reporting;

/// <summary>
/// The figures of several campaigns (or channels) added up. Rates are over <see cref="Reached"/>, which adds each
/// part's own reached count (delivered where the provider reports deliveries, else sent), so a mix of channels with and
/// without delivery reports is not skewed towards either.
/// </summary>
public sealed record MetricsTotals(
    int Campaigns,
    long Audience,
    long Sent,
    long Delivered,
    long Failed,
    long Bounced,
    long Reached,
    long UniqueOpens,
    long UniqueClicks,
    long Conversions,
    decimal ConversionValue,
    long Unsubscribes)
{
    public static readonly MetricsTotals None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0);

    public double? OpenRate => Ratio(UniqueOpens, Reached);

    public double? ClickRate => Ratio(UniqueClicks, Reached);

    public double? ClickToOpenRate => Ratio(UniqueClicks, UniqueOpens);

    public double? ConversionRate => Ratio(Conversions, Reached);

    public double? UnsubscribeRate => Ratio(Unsubscribes, Reached);

    /// <summary>Adds the figures of <paramref name="campaigns"/> campaigns (each part counts as one unless told).</summary>
    public static MetricsTotals Of(IEnumerable<ChannelMetrics> parts, int? campaigns = null)
    {
        var count = 0;
        var sum = None;
        foreach (var m in parts)
        {
            count++;
            sum = sum with
            {
                Audience = sum.Audience + m.Audience,
                Sent = sum.Sent + m.Sent,
                Delivered = sum.Delivered + m.Delivered,
                Failed = sum.Failed + m.Failed,
                Bounced = sum.Bounced + m.Bounced,
                Reached = sum.Reached + m.Reached,
                UniqueOpens = sum.UniqueOpens + m.UniqueOpens,
                UniqueClicks = sum.UniqueClicks + m.UniqueClicks,
                Conversions = sum.Conversions + m.Conversions,
                ConversionValue = sum.ConversionValue + m.ConversionValue,
                Unsubscribes = sum.Unsubscribes + m.Unsubscribes,
            };
        }

        return sum with { Campaigns = campaigns ?? count };
    }

    private static double? Ratio(long part, long whole) => whole <= 0 ? null : part / (double)whole;
}
