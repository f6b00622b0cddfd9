using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Push;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Push;

/// <summary>Which channel the app's registry gives for push, by configuration (registration does not depend on the database provider).</summary>
public sealed class PushRegistrationTests
{
    // Registration needs no tables (and the ledger's migration comes with the engine).
    private const string NoMigrationKey = "Database:MigrateOnStartup";

    [Fact]
    public async Task Registry_FcmNotConfigured_SendsPushToTheOutbox()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { [NoMigrationKey] = "false" });

        Assert.IsType<OutboxChannel>(app.Services.GetRequiredService<ChannelRegistry>().For(Channel.Push));
    }

    [Fact]
    public async Task Registry_FcmConfigured_SendsPushThroughFcm()
    {
        await using var fcm = await FcmStandIn.StartAsync();
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>(fcm.Settings) { [NoMigrationKey] = "false" });
        var registry = app.Services.GetRequiredService<ChannelRegistry>();

        var push = Assert.IsType<PushChannel>(registry.For(Channel.Push));
        Assert.Equal(("FCM", true), (push.Provider, registry.SendsForReal(Channel.Push)));
        var result = Assert.Single(await push.SendAsync([new PushMessage(1, 1, "token-a") { Tokens = ["token-a"], Title = "Hi", Body = "There" }], CancellationToken.None));
        Assert.Equal((SendOutcome.Accepted, fcm.Requests.Single().Name), (result.Outcome, result.ProviderMessageId));
    }
}
