using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;

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
}
