namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>Runs one provider request per item, at most a given number at once, keeping the results in the items' order.</summary>
internal static class BoundedParallel
{
    public static async Task<TResult[]> MapAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int maxConcurrency,
        Func<TItem, CancellationToken, Task<TResult>> map,
        CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        if (items.Count == 0)
        {
            return results;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (index, token) => results[index] = await map(items[index], token));
        return results;
    }
}
