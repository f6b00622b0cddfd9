using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Invariant 4 with a real channel: a recipient whose message is already claimed and rendered (the whole audience
/// fits in one batch) unsubscribes with the one-click POST while the campaign sends through the Twilio stand-in;
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
        await using var world = await FaultWorld.StartAsync(kind, settings, engine: true);
        var contacts = await world.AddContactsAsync(Recipients);

        var id = await world.ScheduleSmsCampaignAsync("Unsubscribe mid-send");
        await FaultWorld.WaitUntilAsync(() => Task.FromResult(twilio.AcceptedCount >= 10), what: "the first messages");
        // Rows go out in ledger order: the last one is still to come, in the batch being sent.
        var last = (await world.RowsAsync(id)).MaxBy(r => r.Id)!;
        var phone = FaultWorld.Phone(contacts.ToList().IndexOf(last.ContactId));
        Assert.Equal(DeliveryStatus.InFlight, last.Status);
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
