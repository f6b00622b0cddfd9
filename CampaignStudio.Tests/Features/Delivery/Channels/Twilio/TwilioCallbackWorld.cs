using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>
/// The app on a real database with SMS through the Twilio stand-in, a campaign, and ledger rows sent through the app's own
/// SMS channel (so each has the SID Twilio gave it), for status callback tests.
/// </summary>
public abstract class TwilioCallbackWorld(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private long nextContactId;
    private int campaignId;

    public sealed class OnSqlite() : TwilioCallbackWorld(DatabaseKind.Sqlite);

    public sealed class OnMySql() : TwilioCallbackWorld(DatabaseKind.MySql);

    public TwilioStandIn Twilio { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Twilio = await TwilioStandIn.StartAsync();
        var settings = new Dictionary<string, string?>(Twilio.Settings)
        {
            ["Channels:Twilio:FromNumber"] = TwilioChannels.FromNumber,
            ["Channels:Twilio:PublicBaseUrl"] = TwilioChannels.PublicBaseUrl,
            // The ledger's table comes with the engine's migration; until then the schema is created from the model.
            ["Database:MigrateOnStartup"] = "false",
        };
        App = await TestApp.StartAsync(kind, settings);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureCreatedAsync();
        var campaign = new Campaign(new CampaignBasics("Diwali SMS", null, new Dictionary<string, string>(), new Dictionary<string, string>()), new Actor("u1", "Rohan"), Now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        campaignId = campaign.Id;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    /// <summary>A ledger row whose SMS went out through the app's SMS channel: Sent, with Twilio's SID.</summary>
    public async Task<(long DeliveryId, string Sid)> SentSmsAsync()
    {
        var factory = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var row = new DeliveryRecord(campaignId, Interlocked.Increment(ref nextContactId), Channel.Sms, Now, Now);
        db.Deliveries.Add(row);
        await db.SaveChangesAsync();
        row.Claim(Guid.NewGuid(), "test", Now.AddMinutes(2), Now);
        await db.SaveChangesAsync();

        var channel = App.Services.GetRequiredService<ChannelRegistry>().For(Channel.Sms);
        var result = Assert.Single(await channel.SendAsync([new SmsMessage(row.Id, campaignId, "+919820012345", "Festive prices until Sunday.")], CancellationToken.None));
        Assert.Equal(SendOutcome.Accepted, result.Outcome);
        row.MarkSent(channel.Provider, result.ProviderMessageId, Now);
        await db.SaveChangesAsync();
        return (row.Id, result.ProviderMessageId!);
    }

    public async Task<DeliveryRecord> RowAsync(long deliveryId)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId);
    }
}
