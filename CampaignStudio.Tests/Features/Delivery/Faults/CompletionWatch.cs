using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Watches a campaign while it sends (every 100 ms until disposed): it must never be Completed while any of its rows
/// is still pending or in flight. The status is read before the rows, so a completion seen with rows open is a real
/// early completion, not a race of the two reads.
/// </summary>
public sealed class CompletionWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private CompletionWatch(FaultWorld world, int campaignId)
    {
        watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var status = await world.StatusAsync(campaignId);
                if (status == CampaignStatus.Completed)
                {
                    var open = await world.OpenRowsAsync(campaignId);
                    if (open > 0)
                    {
                        Violation ??= $"Campaign {campaignId} was Completed with {open} rows still pending or in flight.";
                    }
                }

                try
                {
                    await Task.Delay(100, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>What went wrong, or null.</summary>
    public string? Violation { get; private set; }

    public static CompletionWatch Start(FaultWorld world, int campaignId) => new(world, campaignId);

    /// <summary>Stops watching (again: harmless).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        await watching;
    }
}
