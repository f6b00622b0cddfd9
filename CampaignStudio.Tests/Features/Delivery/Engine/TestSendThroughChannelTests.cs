using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>With a provider configured for a channel, a test send goes through it for real instead of into the Outbox.</summary>
public sealed class TestSendThroughChannelTests
{
    [Fact]
    public async Task SendTest_WithAProvider_GoesThroughTheChannelAndSaysWhatItAnswered()
    {
        await using var world = await EngineWorld.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Campaigns:Delivery:Enabled"] = "false" });
        await world.AddContactsAsync(1);
        var id = await world.ScheduleCampaignAsync("Test me", [Channel.Email, Channel.Sms]);
        world.Sms.Answer = (m, _) => m.Recipient == "+919820099999"
            ? SendResult.InvalidRecipient(m.DeliveryId, "Twilio 21211: The 'To' number is not a valid phone number.")
            : SendResult.Accepted(m.DeliveryId, "SM123");

        var results = await world.AsManagerAsync<TestSendService, IReadOnlyList<TestSendResult>>(s => s.SendTestAsync(id, Channel.Sms, ["+919820012345", "+919820099999"]));

        Assert.Equal((true, "Sent through Twilio (SM123)"), (results[0].Sent, results[0].Status));
        Assert.Equal((false, "Not sent: Twilio said Twilio 21211: The 'To' number is not a valid phone number."), (results[1].Sent, results[1].Status));
        var sms = Assert.IsType<SmsMessage>(world.Sms.Messages[0]);
        Assert.Equal("+919820012345", sms.Recipient);
        Assert.StartsWith("Hi ", sms.Body);
        Assert.True(sms.DeliveryId < 0);

        var email = await world.AsManagerAsync<TestSendService, IReadOnlyList<TestSendResult>>(s => s.SendTestAsync(id, Channel.Email, ["qa@acme.example"]));
        Assert.True(Assert.Single(email).Sent);
        var sent = Assert.IsType<EmailMessage>(world.Email.Messages[0]);
        Assert.Equal(("offers@acme.example", "help@acme.example"), (sent.FromAddress, sent.ReplyTo));
        Assert.StartsWith("[Test] Hello ", sent.Subject);
    }
}
