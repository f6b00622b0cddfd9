using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// A batch must not go on handing messages over once its claim is about to run out, whatever slows it down (a sender's
/// own rate below the channel's, a slow provider): another worker claims rows whose lease ran out and sends them too.
/// </summary>
public abstract class BatchLeaseTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : BatchLeaseTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : BatchLeaseTests(DatabaseKind.MySql);

    [Fact]
    public async Task SenderRateBelowTheChannels_BatchesOutlastTheLease_WhatIsLeftGoesBackAndNobodyGetsItTwice()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:LeaseSeconds"] = "5",
            ["Campaigns:Delivery:SenderRatePerSecond:offers@acme.example"] = "40",
        });
        await world.AddContactsAsync(300);

        var id = await world.ScheduleCampaignAsync("Slow sender", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 60));
        var rows = await world.RowsAsync(id);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 0), (r.Status, r.LeaseLapses)));
        Assert.Equal(300, world.Email.Received.Count);
        Assert.Equal(300, world.Email.Received.Select(r => r.Message.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task ProviderAnswersAfterTheLease_RowsClaimedAgainMeanwhile_TheLaterClaimsResultsStand_NoWorkerFails()
    {
        var errors = new ErrorLog();
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:LeaseSeconds"] = "5" }, s => s.AddSingleton<ILoggerProvider>(errors));
        await world.AddContactsAsync(50);

        // The first hand-over hangs past the lease (a provider stall, a long GC pause); by the time it answers, another
        // worker has claimed the rows again, sent them and recorded its results.
        world.Email.Delay = TimeSpan.FromSeconds(7);
        var id = await world.ScheduleCampaignAsync("Stalled provider", [Channel.Email]);
        await world.WaitUntilAsync(async () => (await world.RowsAsync(id)).Count(r => r.Status == DeliveryStatus.InFlight) == 50, what: "the claim");
        await Task.Delay(TimeSpan.FromSeconds(1)); // handed over, hanging
        world.Email.Delay = TimeSpan.Zero;

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        await Task.Delay(TimeSpan.FromSeconds(3)); // the stalled hand-over answers and its worker records what it can
        var rows = await world.RowsAsync(id);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 1), (r.Status, r.LeaseLapses)));
        Assert.Equal(100, world.Email.Received.Count);
        Assert.True(errors.FromApp.Count == 0, string.Join('\n', errors.FromApp));
    }
}
