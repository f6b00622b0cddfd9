using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>A chunk's accepted messages saved in one statement, with the same claim guard as the change tracker's saves.</summary>
public abstract class SentRowsTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SentRowsTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SentRowsTests(DatabaseKind.MySql);

    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 15, DateTimeKind.Utc);

    [Fact]
    public async Task Save_ClaimedRows_AreSentWithEachOnesMessageIdAndNoLongerClaimed()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        var (campaignId, ids) = await ClaimedRowsAsync(world, 5);
        await using var db = await world.ContextAsync();
        var rows = await db.Deliveries.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
        rows.ForEach(r => r.MarkSent("SMTP", $"d{r.Id}.c{campaignId}.x@acme.example", Now));

        var lost = await SentRows.SaveAsync(db, rows, CancellationToken.None);

        Assert.Equal(0, lost);
        Assert.All(rows, r => Assert.Equal(EntityState.Unchanged, db.Entry(r).State));
        Assert.Equal(0, await db.SaveChangesAsync());
        var stored = await world.RowsAsync(campaignId);
        Assert.All(stored, r =>
        {
            Assert.Equal((DeliveryStatus.Sent, "SMTP", $"d{r.Id}.c{campaignId}.x@acme.example"), (r.Status, r.Provider, r.ProviderMessageId));
            Assert.Equal((Now, Now), (r.SentUtc, r.UpdatedUtc));
            Assert.Equal((null, null, null), ((Guid?)r.ClaimToken, (DateTime?)r.LeaseUntilUtc, r.Error));
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task Save_RowClaimedByAnotherWorkerMeanwhile_KeepsThatWorkersState_AndIsCountedAsLost()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        var (campaignId, ids) = await ClaimedRowsAsync(world, 4);
        await using var db = await world.ContextAsync();
        var rows = await db.Deliveries.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
        rows.ForEach(r => r.MarkSent("SMTP", $"mine-{r.Id}", Now));
        var otherToken = Guid.NewGuid();
        await using (var other = await world.ContextAsync())
        {
            await other.Deliveries.Where(d => d.Id == ids[2]).ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, otherToken));
        }

        var lost = await SentRows.SaveAsync(db, rows, CancellationToken.None);

        Assert.Equal(1, lost);
        Assert.All(rows, r => Assert.Equal(EntityState.Detached, db.Entry(r).State));
        var stored = (await world.RowsAsync(campaignId)).ToDictionary(r => r.Id);
        Assert.Equal((DeliveryStatus.InFlight, otherToken, null), (stored[ids[2]].Status, stored[ids[2]].ClaimToken, stored[ids[2]].ProviderMessageId));
        Assert.All(ids.Where(id => id != ids[2]), id => Assert.Equal((DeliveryStatus.Sent, $"mine-{id}"), (stored[id].Status, stored[id].ProviderMessageId)));
    }

    /// <summary>Rows of a campaign scheduled for next year (so the engine leaves them alone), claimed by a test worker.</summary>
    private static async Task<(int CampaignId, List<long> Ids)> ClaimedRowsAsync(EngineWorld world, int count)
    {
        var (campaignId, rows) = await world.AddLaterRowsAsync(count, Now);
        await using var db = await world.ContextAsync();
        db.Deliveries.AttachRange(rows);
        var token = Guid.NewGuid();
        rows.ForEach(r => r.Claim(token, "test-worker", Now.AddMinutes(5), Now));
        await db.SaveChangesAsync();
        return (campaignId, rows.ConvertAll(r => r.Id));
    }
}
