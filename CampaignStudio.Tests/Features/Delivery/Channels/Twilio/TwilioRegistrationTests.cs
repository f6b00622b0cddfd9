using System.Net;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>Which channel the app's registry gives for SMS and WhatsApp, by configuration (registration does not depend on the database provider).</summary>
public sealed class TwilioRegistrationTests
{
    // Registration needs no tables (and the ledger's migration comes with the engine).
    private const string NoMigrationKey = "Database:MigrateOnStartup";
    private static readonly Dictionary<string, string?> NoMigration = new() { [NoMigrationKey] = "false" };

    [Fact]
    public async Task Registry_TwilioNotConfigured_SendsSmsAndWhatsAppToTheOutboxAndHasNoCallback()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, NoMigration);
        var registry = app.Services.GetRequiredService<ChannelRegistry>();

        Assert.IsType<OutboxChannel>(registry.For(Channel.Sms));
        Assert.IsType<OutboxChannel>(registry.For(Channel.WhatsApp));
        var callback = await app.CreateClient().PostAsync("/api/v1/callbacks/twilio/status", new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1" }));
        Assert.Equal(HttpStatusCode.NotFound, callback.StatusCode);
    }

    [Fact]
    public async Task Registry_SmsSenderOnly_SendsSmsThroughTwilioAndWhatsAppToTheOutbox()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>(twilio.Settings) { [NoMigrationKey] = "false", ["Channels:Twilio:FromNumber"] = TwilioChannels.FromNumber });
        var registry = app.Services.GetRequiredService<ChannelRegistry>();

        var sms = Assert.IsType<SmsChannel>(registry.For(Channel.Sms));
        Assert.Equal(("Twilio", true), (sms.Provider, registry.SendsForReal(Channel.Sms)));
        Assert.IsType<OutboxChannel>(registry.For(Channel.WhatsApp));
        Assert.Equal(SendOutcome.Accepted, Assert.Single(await sms.SendAsync([new SmsMessage(1, 1, "+919820012345", "Hi")], CancellationToken.None)).Outcome);
        Assert.Single(twilio.Requests);
    }

    [Fact]
    public async Task Registry_WhatsAppSenderOnly_SendsWhatsAppThroughTwilioAndSmsToTheOutbox()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>(twilio.Settings) { [NoMigrationKey] = "false", ["Channels:Twilio:WhatsAppFrom"] = TwilioChannels.WhatsAppFrom });
        var registry = app.Services.GetRequiredService<ChannelRegistry>();

        Assert.IsType<WhatsAppChannel>(registry.For(Channel.WhatsApp));
        Assert.IsType<OutboxChannel>(registry.For(Channel.Sms));
    }

    [Fact]
    public async Task StatusCallback_WithoutPublicBaseUrl_IsCheckedAgainstTheAddressItArrivedAt()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>(twilio.Settings) { [NoMigrationKey] = "false", ["Channels:Twilio:FromNumber"] = TwilioChannels.FromNumber });
        var parameters = new Dictionary<string, string> { ["MessageSid"] = "SM00000000000000000000000000000001", ["MessageStatus"] = "queued" };

        var asArrived = await twilio.SendStatusCallbackAsync(app.CreateClient(), new Uri("http://localhost/api/v1/callbacks/twilio/status"), parameters);
        var asPublic = await twilio.SendStatusCallbackAsync(app.CreateClient(), new Uri("https://crm.example.test/api/v1/callbacks/twilio/status"), parameters);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Forbidden), (asArrived.StatusCode, asPublic.StatusCode));
    }
}
