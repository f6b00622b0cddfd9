namespace CampaignStudio.Features.Delivery;

/// <summary>
/// Tells open pages that a campaign's ledger changed (rows sent, failed, reported) or its state did, so they reload its
/// progress. In-process by default; with Redis configured, changes in any instance reach every instance's pages.
/// Calls are cheap and coalesced: a burst of changes becomes one notification per campaign per interval.
/// </summary>
public interface IDeliveryProgress
{
    void Changed(int campaignId);

    /// <summary>Calls <paramref name="onChanged"/> with a campaign id whenever that campaign changed; dispose to stop.</summary>
    IDisposable Subscribe(Func<int, Task> onChanged);
}
