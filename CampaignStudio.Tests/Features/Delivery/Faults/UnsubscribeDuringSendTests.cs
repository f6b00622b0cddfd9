using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Invariant 4 with a real channel: a recipient whose message is already claimed (the last row of the batch being sent;
/// a batch lasts two seconds at the channel's rate) unsubscribes with the one-click POST while the campaign sends through the Twilio stand-in;
/// the stand-in's log shows no message to that number after it.
/// </summary>
public abstract class UnsubscribeDuringSendTests(DatabaseKind kind, ITestOutputHelper output)
{
    private const int Recipients = 150;

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnSqlite(ITestOutputHelper output) : UnsubscribeDuringSendTests(DatabaseKind.Sqlite, output);

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnMySql(ITestOutputHelper output) : UnsubscribeDuringSendTests(DatabaseKind.MySql, output);

    [Fact]
    public async Task OneClickUnsubscribe_MidCampaign_NoMessageToThatNumberAfterIt()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        var settings = FaultWorld.SmsThrough(twilio);
        settings["Campaigns:Delivery:RatePerSecond:Sms"] = "40";
        settings["Campaigns:Delivery:Concurrency:Sms"] = "1";
        await using var world = await FaultWorld.StartAsync(kind, settings, engine: true);
        var contacts = await world.AddContactsAsync(Recipients);

        var id = await world.ScheduleSmsCampaignAsync("Unsubscribe mid-send");
        await FaultWorld.WaitUntilAsync(() => Task.FromResult(twilio.AcceptedCount >= 1), what: "the first message");
        // Rows go out in ledger order: the batch's last one (80 rows at 40/s) is still to come.
        var last = (await world.RowsAsync(id)).Where(r => r.Status == DeliveryStatus.InFlight).MaxBy(r => r.Id)!;
        var phone = FaultWorld.Phone(contacts.ToList().IndexOf(last.ContactId));
        var token = await world.App.Services.GetRequiredService<DeliveryLinkSigner>().SignAsync(last.Id, DeliveryBatchSender.UnsubscribePurpose);
        using var client = world.App.CreateClient();
        using var response = await client.PostAsync($"/u/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        response.EnsureSuccessStatusCode();
        var unsubscribed = DateTimeOffset.UtcNow;
        output.WriteLine($"{phone} unsubscribed after {twilio.AcceptedCount} of {Recipients} messages");

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var requests = twilio.Requests;
        Assert.DoesNotContain(requests, r => r.To == phone);
        Assert.Contains(requests, r => r.ArrivedAt > unsubscribed);
        Assert.Equal(Recipients - 1, requests.Where(r => r.Accepted).Select(r => r.To).Distinct().Count());
        var row = (await world.RowsAsync(id)).Single(r => r.Id == last.Id);
        Assert.Equal((DeliveryStatus.Skipped, SkipReason.ConsentWithdrawn), (row.Status, row.SkipReason));
        Assert.True(world.Errors.FromApp.Count == 0, string.Join('\n', world.Errors.FromApp));
    }
}
