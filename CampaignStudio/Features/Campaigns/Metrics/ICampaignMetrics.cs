namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>
/// Where pages, the API and reports get performance figures. <see cref="NoCampaignMetrics"/> answers "nothing yet";
/// tracking registers its own implementation in place of it. Figures change while a campaign sends and while its
/// recipients open, click and convert: <c>IDeliveryProgress</c> says when a campaign's figures changed.
/// </summary>
public interface ICampaignMetrics
{
    /// <summary>The headline figures of the campaigns that have any; a campaign without figures is absent.</summary>
    Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default);

    /// <summary>All figures of one campaign (zeros for a campaign that has sent nothing yet), or null when there is no such campaign.</summary>
    Task<CampaignMetrics?> GetAsync(int campaignId, CancellationToken cancellationToken = default);

    /// <summary>Per-campaign totals of many campaigns at once (for dashboards and reports); campaigns without figures are absent.</summary>
    Task<IReadOnlyDictionary<int, ChannelMetrics>> TotalsAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default);

    /// <summary>Whether figures exist at all (the details page's Metrics panel says what will fill it when not).</summary>
    bool IsTracking { get; }
}
