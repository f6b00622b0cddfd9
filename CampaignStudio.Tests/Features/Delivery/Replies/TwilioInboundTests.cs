using System.Net;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Features.Delivery.Replies;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Delivery.Channels.Twilio;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace CampaignStudio.Tests.Features.Delivery.Replies;

/// <summary>
/// Texts people send back, through Twilio's signed inbound webhook into the running app (Kestrel, real HTTP), on both
/// providers: STOP leaves the channel and counts as the latest message's unsubscribe (once), START undoes it, HELP and
/// other texts change nothing, a WhatsApp STOP leaves WhatsApp only (and an SMS STOP SMS only), and an unsigned or tampered request changes nothing.
/// </summary>
public abstract class TwilioInboundTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : TwilioInboundTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : TwilioInboundTests(DatabaseKind.MySql);

    private const string Phone0 = "+919820000000";
    private const string Phone1 = "+919820000001";
    private static readonly Uri PublicUrl = new(TwilioChannels.PublicBaseUrl + TwilioInboundWebhook.Path);
    private int nextSid;

    private static Task<EngineWorld> StartAsync(DatabaseKind kind) =>
        EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = TwilioStandIn.DefaultAccountSid,
            ["Channels:Twilio:AuthToken"] = TwilioStandIn.DefaultAuthToken,
            ["Channels:Twilio:FromNumber"] = TwilioChannels.FromNumber,
            ["Channels:Twilio:PublicBaseUrl"] = TwilioChannels.PublicBaseUrl,
        }, kestrel: true);

    /// <summary>Posts what Twilio posts when a text comes in, signed as <paramref name="signature"/> says, to the app.</summary>
    private async Task<HttpResponseMessage> TextAsync(EngineWorld world, string from, string body, TwilioCallbackSignature signature = TwilioCallbackSignature.Valid, string? sid = null)
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = TwilioStandIn.DefaultAccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["Body"] = body,
            ["From"] = from,
            ["MessageSid"] = sid ?? $"SM{Interlocked.Increment(ref nextSid):D32}",
            ["NumMedia"] = "0",
            ["To"] = from.StartsWith("whatsapp:", StringComparison.Ordinal) ? "whatsapp:" + TwilioChannels.WhatsAppFrom : TwilioChannels.FromNumber,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, TwilioInboundWebhook.Path);
        if (signature != TwilioCallbackSignature.Missing)
        {
            var key = signature == TwilioCallbackSignature.WrongKey ? "another-auth-token" : TwilioStandIn.DefaultAuthToken;
            var signed = parameters.Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value));
            request.Headers.Add(TwilioSignature.HeaderName, Convert.ToBase64String(TwilioSignature.Compute(key, PublicUrl.ToString(), signed)));
        }

        if (signature == TwilioCallbackSignature.Tampered)
        {
            parameters["From"] = Phone1;
        }

        request.Content = new FormUrlEncodedContent(parameters);
        using var client = new HttpClient { BaseAddress = world.App.ServerAddress };
        return await client.SendAsync(request);
    }

    private static async Task<int> SmsCampaignAsync(EngineWorld world, string name)
    {
        var id = await world.ScheduleCampaignAsync(name, [Channel.Sms]);
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        return id;
    }

    private static async Task<long> UnsubscribesAsync(EngineWorld world, int campaignId)
    {
        await world.HitsCountedAsync();
        return (await world.App.Services.GetRequiredService<ICampaignMetrics>().GetAsync(campaignId))!.Total.Unsubscribes;
    }

    private static async Task<ContactConsent?> ConsentAsync(EngineWorld world, long contactId, Channel channel)
    {
        await using var db = await world.ContextAsync();
        return await db.ContactConsents.AsNoTracking().FirstOrDefaultAsync(k => k.ContactId == contactId && k.Channel == channel);
    }

    private static async Task<List<(Channel Channel, SuppressionReason Reason)>> SuppressionsAsync(EngineWorld world)
    {
        await using var db = await world.ContextAsync();
        return [.. (await db.SuppressedAddresses.AsNoTracking().ToListAsync()).Select(s => (s.Channel, s.Reason))];
    }

    [Fact]
    public async Task Stop_LeavesSms_CountsOnceForTheLatestMessage_StartUndoesIt_HelpChangesNothing()
    {
        await using var world = await StartAsync(kind);
        var contacts = await world.AddContactsAsync(2);
        var older = await SmsCampaignAsync(world, "Older");
        var latest = await SmsCampaignAsync(world, "Latest");

        var stop = await TextAsync(world, Phone0, "  stop ");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("text/xml", stop.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TwilioInboundWebhook.EmptyTwiml, await stop.Content.ReadAsStringAsync());
        var consent = await ConsentAsync(world, contacts[0], Channel.Sms);
        Assert.Equal((ConsentStatus.Withdrawn, InboundReplyService.ConsentSource), (consent!.Status, consent.Source));
        Assert.Equal([(Channel.Sms, SuppressionReason.ReplyStop)], await SuppressionsAsync(world));
        Assert.Equal((0L, 1L), (await UnsubscribesAsync(world, older), await UnsubscribesAsync(world, latest)));

        // Saying it again, or Twilio retrying the same webhook, counts nothing more.
        await TextAsync(world, Phone0, "UNSUBSCRIBE");
        await TextAsync(world, Phone0, "STOP", sid: "SM-retried");
        await TextAsync(world, Phone0, "STOP", sid: "SM-retried");
        Assert.Equal((0L, 1L), (await UnsubscribesAsync(world, older), await UnsubscribesAsync(world, latest)));
        var skipped = await SmsCampaignAsync(world, "After STOP");
        Assert.Equal([DeliveryStatus.Skipped, DeliveryStatus.Sent], (await world.RowsAsync(skipped)).OrderBy(r => r.ContactId).Select(r => r.Status));

        await TextAsync(world, Phone0, "Help");
        await TextAsync(world, Phone0, "When does the sale end?");
        Assert.Equal(ConsentStatus.Withdrawn, (await ConsentAsync(world, contacts[0], Channel.Sms))!.Status);

        await TextAsync(world, Phone0, "Start");
        consent = await ConsentAsync(world, contacts[0], Channel.Sms);
        Assert.Equal((ConsentStatus.Granted, InboundReplyService.ConsentSource), (consent!.Status, consent.Source));
        Assert.Empty(await SuppressionsAsync(world));
        Assert.Equal(ConsentStatus.Granted, (await ConsentAsync(world, contacts[1], Channel.Sms))!.Status);
        var again = await SmsCampaignAsync(world, "After START");
        Assert.All(await world.RowsAsync(again), r => Assert.Equal(DeliveryStatus.Sent, r.Status));

        await using var db = await world.ContextAsync();
        var recorded = await db.InboundMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([ReplyKeyword.Stop, ReplyKeyword.Stop, ReplyKeyword.Stop, ReplyKeyword.Help, ReplyKeyword.Other, ReplyKeyword.Start], recorded.Select(m => m.Keyword));
        Assert.All(recorded, m => Assert.Equal(contacts[0], m.ContactId));
        var latestDelivery = (await world.RowsAsync(latest)).Single(r => r.ContactId == contacts[0]).Id;
        Assert.Equal(latestDelivery, recorded[0].DeliveryId);
        Assert.DoesNotContain(recorded, m => m.BodyCipher.AsSpan().IndexOf("When does"u8) >= 0);
    }

    [Fact]
    public async Task StopOnOnePhoneChannel_LeavesThatChannelOnly()
    {
        await using var world = await StartAsync(kind);
        var contacts = await world.AddContactsAsync(2, (_, c) => c.SetConsent(Channel.WhatsApp, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow));

        await TextAsync(world, "whatsapp:" + Phone0, "STOP");
        await TextAsync(world, Phone1, "STOP");

        Assert.Equal(ConsentStatus.Withdrawn, (await ConsentAsync(world, contacts[0], Channel.WhatsApp))!.Status);
        Assert.Equal(ConsentStatus.Granted, (await ConsentAsync(world, contacts[0], Channel.Sms))!.Status);
        Assert.Equal(ConsentStatus.Granted, (await ConsentAsync(world, contacts[1], Channel.WhatsApp))!.Status);
        Assert.Equal(ConsentStatus.Withdrawn, (await ConsentAsync(world, contacts[1], Channel.Sms))!.Status);
        Assert.Equal([(Channel.Sms, SuppressionReason.ReplyStop), (Channel.WhatsApp, SuppressionReason.ReplyStop)], (await SuppressionsAsync(world)).Order());
        var sms = await SmsCampaignAsync(world, "SMS after the STOPs");
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Skipped], (await world.RowsAsync(sms)).OrderBy(r => r.ContactId).Select(r => r.Status));
        var whatsApp = await world.ScheduleCampaignAsync("WhatsApp after the STOPs", [Channel.WhatsApp], content: new CampaignContent { WhatsApp = new WhatsAppContent { Kind = WhatsAppMessageKind.Text, Text = "Festive prices until Sunday." } });
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(whatsApp, CampaignStatus.Completed));
        Assert.Equal([DeliveryStatus.Skipped, DeliveryStatus.Outboxed], (await world.RowsAsync(whatsApp)).OrderBy(r => r.ContactId).Select(r => r.Status));
    }

    [Theory]
    [InlineData(TwilioCallbackSignature.Missing)]
    [InlineData(TwilioCallbackSignature.WrongKey)]
    [InlineData(TwilioCallbackSignature.Tampered)]
    public async Task UnsignedOrTamperedText_Is403_AndChangesNothing(TwilioCallbackSignature signature)
    {
        await using var world = await StartAsync(kind);
        var contacts = await world.AddContactsAsync(2);
        var id = await SmsCampaignAsync(world, "Signed only");

        var response = await TextAsync(world, Phone0, "STOP", signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        foreach (var contact in contacts)
        {
            Assert.Equal(ConsentStatus.Granted, (await ConsentAsync(world, contact, Channel.Sms))!.Status);
        }

        Assert.Empty(await SuppressionsAsync(world));
        Assert.Equal(0, await UnsubscribesAsync(world, id));
        await using var db = await world.ContextAsync();
        Assert.Equal(0, await db.InboundMessages.CountAsync());
    }
}
