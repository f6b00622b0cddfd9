using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Every instance's scanner and every worker try the same transitions at the same moments (start when due, complete
/// when the last row is final), and every worker claims rows at once. Whoever loses must simply have lost: on MariaDB
/// two such writes can deadlock (a transition takes a shared lock on the campaign when it writes the history row, then
/// wants the row itself; a claim locks index ranges another claim writes into), and the victim of the deadlock must
/// neither throw nor — worst of all — fail the campaign the other one just started.
/// </summary>
public abstract class CampaignTransitionRaceTests(DatabaseKind kind)
{
    private const int Racers = 8;

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnSqlite() : CampaignTransitionRaceTests(DatabaseKind.Sqlite);

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnMySql() : CampaignTransitionRaceTests(DatabaseKind.MySql);

    [Fact]
    public async Task ScannersOfSeveralInstances_StartTheSameDueCampaignAtOnce_ItStartsOnceAndIsNotFailed()
    {
        await using var world = await FaultWorld.StartAsync(kind);
        await world.AddContactsAsync(20);
        for (var round = 0; round < 5; round++)
        {
            var id = await world.ScheduleSmsCampaignAsync($"Race {round}");

            await RaceAsync(world, (sp, _) => sp.GetRequiredService<DueCampaignScanner>().ScanAsync(CancellationToken.None));

            Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
            Assert.Equal(20, (await world.RowsAsync(id)).Count);
        }

        Assert.True(world.Errors.FromApp.Count == 0, string.Join('\n', world.Errors.FromApp));
    }

    [Fact]
    public async Task RunnersStartingTheSameCampaignAtOnce_OneStartsIt_TheOthersLoseQuietly()
    {
        await using var world = await FaultWorld.StartAsync(kind);
        await world.AddContactsAsync(20);
        for (var round = 0; round < 5; round++)
        {
            var id = await world.ScheduleSmsCampaignAsync($"Race {round}");

            var written = await RaceAsync(world, (sp, _) => sp.GetRequiredService<CampaignRunner>().StartAsync(id, CancellationToken.None));

            Assert.Equal([20], written.Where(w => w > 0));
            Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        }
    }

    [Fact]
    public async Task RunnersCompletingTheSameCampaignAtOnce_OneCompletesIt_TheOthersLoseQuietly()
    {
        await using var world = await FaultWorld.StartAsync(kind);
        await world.AddContactsAsync(20);
        var runner = world.App.Services.GetRequiredService<CampaignRunner>();
        for (var round = 0; round < 5; round++)
        {
            var id = await world.ScheduleSmsCampaignAsync($"Race {round}");
            Assert.Equal(20, await runner.StartAsync(id, CancellationToken.None));
            await using (var db = await world.ContextAsync())
            {
                await db.Deliveries.Where(d => d.CampaignId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sent));
            }

            var completed = await RaceAsync(world, (sp, _) => sp.GetRequiredService<CampaignRunner>().CompleteIfDoneAsync(id, CancellationToken.None));

            Assert.Single(completed, c => c);
            Assert.Equal(CampaignStatus.Completed, await world.StatusAsync(id));
        }
    }

    [Fact]
    public async Task LedgerClaimersAtOnce_ClaimDisjointBatches_NoneFails()
    {
        const int rows = 400;
        await using var world = await FaultWorld.StartAsync(kind);
        await world.AddContactsAsync(rows);
        var id = await world.ScheduleSmsCampaignAsync("Claims");
        Assert.Equal(rows, await world.App.Services.GetRequiredService<CampaignRunner>().StartAsync(id, CancellationToken.None));

        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        for (var round = 0; round < rows / (Racers * 10); round++)
        {
            await RaceAsync(world, async (sp, _) =>
            {
                await using var batch = await sp.GetRequiredService<DeliveryLedger>().ClaimAsync(CampaignStudio.Features.Shared.Channel.Sms, 10, CancellationToken.None);
                foreach (var row in batch?.Rows ?? [])
                {
                    claimed.Add(row.Id);
                }
            });
        }

        Assert.Equal(rows, claimed.Count);
        Assert.Equal(rows, claimed.Distinct().Count());
        Assert.All(await world.RowsAsync(id), r => Assert.Equal(DeliveryStatus.InFlight, r.Status));
    }

    /// <summary>Runs <paramref name="act"/> <see cref="Racers"/> times at once (released together) and returns every result; any exception fails the test.</summary>
    private static async Task<T[]> RaceAsync<T>(FaultWorld world, Func<IServiceProvider, int, Task<T>> act)
    {
        using var go = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await go.WaitAsync();
            return await act(world.App.Services, i);
        })).ToList();
        go.Release(Racers);
        return await Task.WhenAll(racers);
    }

    private static async Task<bool[]> RaceAsync(FaultWorld world, Func<IServiceProvider, int, Task> act) =>
        await RaceAsync(world, async (sp, i) =>
        {
            await act(sp, i);
            return true;
        });
}
