namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>No figures yet: nothing is sent or tracked before the execution engine and tracking arrive.</summary>
public sealed class NoCampaignMetrics : ICampaignMetrics
{
    private static readonly IReadOnlyDictionary<int, CampaignHeadlineMetrics> None = new Dictionary<int, CampaignHeadlineMetrics>();

    public bool IsTracking => false;

    public Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        Task.FromResult(None);
}
