using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Tests.TestSupport;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// A claim's lease must outlast the sending of its batch in normal operation; otherwise another worker claims the
/// rows again while they are still going out, and recipients get the message twice with no crash at all.
/// </summary>
[Collection(DeliveryFaultsCollection.Name)]
public sealed class LeaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ChannelRateSharedByFourWorkers_ShortLease_EveryBatchSentWithinItsLease_NobodyTwice()
    {
        const int recipients = 800;
        await using var twilio = await TwilioStandIn.StartAsync();
        var settings = FaultWorld.SmsThrough(twilio);
        settings["Campaigns:Delivery:RatePerSecond:Sms"] = "100";
        settings["Campaigns:Delivery:LeaseSeconds"] = "5";
        settings["Campaigns:Delivery:Concurrency:Sms"] = "4";
        await using var world = await FaultWorld.StartAsync(DatabaseKind.MySql, settings, engine: true);
        await world.AddContactsAsync(recipients);

        var id = await world.ScheduleSmsCampaignAsync("Short lease");

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = await world.RowsAsync(id);
        var received = twilio.Requests.Where(r => r.Accepted).GroupBy(r => r.To!).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{received.Values.Sum()} messages to {received.Count} recipients; rows with a lease lapse: {rows.Count(r => r.LeaseLapses > 0)}; busiest second {twilio.PeakAccepted()}");
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 0), (r.Status, r.LeaseLapses)));
        Assert.Equal(recipients, received.Count);
        Assert.All(received, r => Assert.True(r.Value == 1, $"{r.Key} got {r.Value} messages"));
        Assert.True(world.Errors.FromApp.Count == 0, string.Join('\n', world.Errors.FromApp));
    }
}
