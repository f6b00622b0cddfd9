namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>
/// Runs one provider request per item, at most a given number at once, keeping the results in the items' order. The
/// first requests start at once on the caller's thread, not after a hop through the thread pool: the engine has just
/// been given their send slot by the rate pacer, and a busy pool would hold them back and let them out together with
/// the next slot's.
/// </summary>
internal static class BoundedParallel
{
    public static async Task<TResult[]> MapAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int maxConcurrency,
        Func<TItem, CancellationToken, Task<TResult>> map,
        CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        using var slots = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        var requests = new Task<TResult>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            requests[i] = RunAsync(items[i]);
        }

        return await Task.WhenAll(requests);

        async Task<TResult> RunAsync(TItem item)
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await map(item, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
