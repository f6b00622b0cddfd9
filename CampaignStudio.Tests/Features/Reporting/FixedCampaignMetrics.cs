using System.Collections.Concurrent;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Reporting;

/// <summary>
/// A stand-in for tracking's <see cref="ICampaignMetrics"/> (a collaborator built elsewhere): it answers the figures a
/// test sets, so the dashboard, reports and details page can be checked against known numbers.
/// </summary>
public sealed class FixedCampaignMetrics : ICampaignMetrics
{
    private readonly ConcurrentDictionary<int, CampaignMetrics> figures = new();

    public bool IsTracking => true;

    /// <summary>How many times one campaign's full figures were asked for.</summary>
    public int GetCalls;

    public static ChannelMetrics Figures(long sent, long opens = 0, long clicks = 0, long conversions = 0, decimal value = 0m, long unsubscribes = 0, Channel? channel = null, long delivered = 0, long failed = 0, long bounced = 0, long audience = -1, long automated = 0) =>
        new(channel, audience < 0 ? sent + failed : audience, sent, delivered, failed, bounced, 0, opens, opens, automated, clicks, clicks, conversions, value, unsubscribes);

    /// <summary>Sets a campaign's figures; with several channels the total is their sum.</summary>
    public void Set(int campaignId, ChannelMetrics total, IReadOnlyList<ChannelMetrics>? byChannel = null, IReadOnlyList<LinkClicks>? links = null, IReadOnlyList<MetricsPoint>? series = null) =>
        figures[campaignId] = new CampaignMetrics(campaignId, new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc), total, byChannel ?? [total], links ?? [], series ?? []);

    public void SetChannels(int campaignId, params ChannelMetrics[] channels)
    {
        var t = channels.Aggregate(ChannelMetrics.Empty(null), (s, c) => s with
        {
            Audience = s.Audience + c.Audience,
            Sent = s.Sent + c.Sent,
            Delivered = s.Delivered + c.Delivered,
            Failed = s.Failed + c.Failed,
            Bounced = s.Bounced + c.Bounced,
            UniqueOpens = s.UniqueOpens + c.UniqueOpens,
            Opens = s.Opens + c.Opens,
            UniqueClicks = s.UniqueClicks + c.UniqueClicks,
            Clicks = s.Clicks + c.Clicks,
            Conversions = s.Conversions + c.Conversions,
            ConversionValue = s.ConversionValue + c.ConversionValue,
            Unsubscribes = s.Unsubscribes + c.Unsubscribes,
        });
        Set(campaignId, t, channels);
    }

    public Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<int, CampaignHeadlineMetrics>>(campaignIds
            .Where(figures.ContainsKey)
            .ToDictionary(id => id, id => new CampaignHeadlineMetrics(figures[id].Total.Sent, figures[id].Total.OpenRate, figures[id].Total.ClickRate)));

    public Task<CampaignMetrics?> GetAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref GetCalls);
        return Task.FromResult<CampaignMetrics?>(figures.TryGetValue(campaignId, out var m)
            ? m
            : new CampaignMetrics(campaignId, new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc), ChannelMetrics.Empty(null), [], [], []));
    }

    public Task<IReadOnlyDictionary<int, ChannelMetrics>> TotalsAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<int, ChannelMetrics>>(campaignIds.Where(figures.ContainsKey).Distinct().ToDictionary(id => id, id => figures[id].Total));
}
