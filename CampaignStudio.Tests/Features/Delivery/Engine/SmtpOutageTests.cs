using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// The engine with the real SMTP channel against a real SMTP server on loopback (STARTTLS and AUTH) that goes down in
/// the middle of a campaign: retries, then the campaign pauses by itself and people are told; once the server is back
/// and the campaign resumed, every recipient has their message and nothing is lost.
/// </summary>
public abstract class SmtpOutageTests(DatabaseKind kind, ITestOutputHelper output)
{
    public sealed class OnSqlite(ITestOutputHelper output) : SmtpOutageTests(DatabaseKind.Sqlite, output);

    public sealed class OnMySql(ITestOutputHelper output) : SmtpOutageTests(DatabaseKind.MySql, output);

    [Fact]
    public async Task SmtpServerDown_RetriesAutoPausesAndTellsPeople_ResumedAfterItIsBack_NothingLost()
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { OfferStartTls = true, RequireStartTls = true, UserName = "campaigns", Password = "s3cret-relay" });
        var settings = new Dictionary<string, string?>(server.ChannelSettings())
        {
            ["Campaigns:Delivery:RatePerSecond:Email"] = "60",
            ["Campaigns:Delivery:AutoPauseMinAttempts"] = "10",
            ["Campaigns:Delivery:AutoPauseErrorRate"] = "0.5",
            ["Campaigns:Delivery:MaxAttempts"] = "50",
        };
        await using var world = await EngineWorld.StartAsync(kind, settings, scriptedEmail: false);
        await world.AddContactsAsync(240);

        var id = await world.ScheduleCampaignAsync("Outage", [Channel.Email]);
        await server.WaitForMessagesAsync(30, TimeSpan.FromSeconds(30));
        await server.StopAsync();

        Assert.Equal(CampaignStatus.Paused, await world.WaitForStatusAsync(id, CampaignStatus.Paused, seconds: 60));
        var paused = await world.RowsAsync(id);
        Assert.DoesNotContain(paused, r => r.Status == DeliveryStatus.Failed);
        Assert.Contains(paused, r => r.Status == DeliveryStatus.Pending && r.Error is not null);
        var note = Assert.Single(world.Notes.For(id), n => n.Kind == NotificationKind.AutoPaused);
        Assert.Contains("SMTP", note.Message, StringComparison.Ordinal);

        await server.StartAgainAsync();
        await world.WaitUntilAsync(() => AcceptsConnectionsAsync(server), seconds: 15, what: "the SMTP server to listen again");
        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ResumeAsync(id));

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 90));
        var rows = await world.RowsAsync(id);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        var received = server.Messages.SelectMany(m => m.Recipients).GroupBy(r => r, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(240, received.Count);
        var twice = received.Count(g => g.Count() > 1);
        output.WriteLine($"{server.Messages.Count} messages received for 240 recipients; {twice} recipients got a second copy (a message the server took just as it went down).");
        Assert.True(twice <= 8, $"{twice} recipients got a message twice");
        Assert.All(server.Messages, m => Assert.True(m.OverTls));
        Assert.All(server.Messages, m => Assert.Equal("campaigns", m.AuthenticatedAs));
        var parsed = server.Messages[0].Parse();
        Assert.StartsWith("<https://campaigns.acme.example/u/", parsed.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers["List-Unsubscribe-Post"]);
    }

    private static async Task<bool> AcceptsConnectionsAsync(SmtpTestServer server)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(server.Host, server.Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
