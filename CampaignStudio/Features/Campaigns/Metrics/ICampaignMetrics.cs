namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>
/// Where the campaign pages get performance figures. Until delivery and tracking exist, <see cref="NoCampaignMetrics"/>
/// answers "nothing yet" and the pages show a dash; tracking registers its own implementation in place of it.
/// </summary>
public interface ICampaignMetrics
{
    /// <summary>The headline figures of the campaigns that have any; a campaign without figures is absent.</summary>
    Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default);

    /// <summary>Whether figures exist at all (the details page's Metrics panel says what will fill it when not).</summary>
    bool IsTracking { get; }
}
