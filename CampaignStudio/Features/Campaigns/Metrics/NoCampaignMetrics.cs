namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>No figures: the stand-in until tracking registers its own <see cref="ICampaignMetrics"/>.</summary>
public sealed class NoCampaignMetrics : ICampaignMetrics
{
    private static readonly IReadOnlyDictionary<int, CampaignHeadlineMetrics> None = new Dictionary<int, CampaignHeadlineMetrics>();
    private static readonly IReadOnlyDictionary<int, ChannelMetrics> NoTotals = new Dictionary<int, ChannelMetrics>();

    public bool IsTracking => false;

    public Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        Task.FromResult(None);

    public Task<CampaignMetrics?> GetAsync(int campaignId, CancellationToken cancellationToken = default) => Task.FromResult<CampaignMetrics?>(null);

    public Task<IReadOnlyDictionary<int, ChannelMetrics>> TotalsAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        Task.FromResult(NoTotals);
}
