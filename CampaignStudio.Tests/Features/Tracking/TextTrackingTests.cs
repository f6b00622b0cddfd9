using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>
/// Link tracking beyond email, end to end in the running app on Kestrel, on both providers: an SMS campaign's links go
/// out as short links that redirect and count per channel and per link; a push notification's https deep link goes
/// through the click tracker and its app reports the open.
/// </summary>
public abstract partial class TextTrackingTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : TextTrackingTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : TextTrackingTests(DatabaseKind.MySql);

    private const string Browser = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    private const string Sms = "Hi {{ contact.first_name }}: https://shop.example/sale?x=1&y=2. Yours: https://shop.example/p/{{ contact.first_name }} Reply STOP to opt out";

    private static async Task<EngineWorld> StartAsync(DatabaseKind kind, ScriptedChannel? push = null)
    {
        var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Tracking:AutomatedAfterSendSeconds"] = "0", ["Tracking:RapidClickMilliseconds"] = "0" }, s =>
        {
            if (push is not null)
            {
                s.AddSingleton<IChannel>(push);
            }
        }, kestrel: true);
        return world;
    }

    private static async Task<int> SendAsync(EngineWorld world, Channel channel, CampaignContent content)
    {
        var id = await world.ScheduleCampaignAsync("Tracked " + channel, [channel], content: content);
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        return id;
    }

    private static HttpClient Client(EngineWorld world, string userAgent = Browser)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = world.App.ServerAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    private static List<string> ShortLinks(string text) => [.. ShortLink().Matches(text).Select(m => m.Groups[1].Value)];

    private static Dictionary<string, SmsMessage> SmsOf(EngineWorld world, int campaignId) =>
        world.Sms.Messages.OfType<SmsMessage>().Where(m => m.CampaignId == campaignId).ToDictionary(m => m.Recipient);

    private static async Task<CampaignMetrics> MetricsAsync(EngineWorld world, int id)
    {
        await world.HitsCountedAsync();
        return (await world.App.Services.GetRequiredService<ICampaignMetrics>().GetAsync(id))!;
    }

    [Fact]
    public async Task SmsLinks_GoOutAsShortLinks_RedirectAsWritten_AndCountInTheSmsMetricsAndPerLink()
    {
        await using var world = await StartAsync(kind);
        await world.AddContactsAsync(2);
        var id = await SendAsync(world, Channel.Sms, new CampaignContent { Sms = new SmsContent { Text = Sms } });
        var texts = SmsOf(world, id);
        var first = texts["+919820000000"].Body;
        var links = ShortLinks(first);
        using var person = Client(world);

        Assert.Equal(2, links.Count);
        Assert.DoesNotContain("shop.example", first);
        Assert.StartsWith("Hi Person0: https://campaigns.acme.example/s/", first);
        Assert.EndsWith(" Reply STOP to opt out", first);
        Assert.Matches(@"\. Yours: https://campaigns\.acme\.example/s/[A-Za-z0-9_-]{14,19} Reply", first);
        var sale = await person.GetAsync(links[0]);
        await person.GetAsync(links[0]);
        var yours = await person.GetAsync(links[1]);
        var other = await person.GetAsync(ShortLinks(texts["+919820000001"].Body)[1]);
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/sale?x=1&y=2"), (sale.StatusCode, sale.Headers.Location?.ToString()));
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/p/Person0"), (yours.StatusCode, yours.Headers.Location?.ToString()));
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/p/Person1"), (other.StatusCode, other.Headers.Location?.ToString()));

        var metrics = await MetricsAsync(world, id);
        var sms = Assert.Single(metrics.ByChannel);
        Assert.Equal((Channel.Sms, 2L, 2L, 4L), (sms.Channel, sms.Sent, sms.UniqueClicks, sms.Clicks));
        Assert.Equal(1.0, sms.ClickRate);
        Assert.Equal(
            [
                new LinkClicks(0, "https://shop.example/sale?x=1&y=2", 2, 1) { Channel = Channel.Sms },
                new LinkClicks(1, "https://shop.example/p/{{ contact.first_name }}", 2, 2) { Channel = Channel.Sms },
            ],
            metrics.Links);
    }

    [Fact]
    public async Task ShortLinks_TamperedUnknownOrOfAnotherMessage_Are404_AndNeverRedirect_TrackingOffLeavesLinksAsWritten()
    {
        await using var world = await StartAsync(kind);
        await world.AddContactsAsync(1);
        var id = await SendAsync(world, Channel.Sms, new CampaignContent { Sms = new SmsContent { Text = Sms } });
        var link = ShortLinks(SmsOf(world, id)["+919820000000"].Body)[0];
        using var person = Client(world);

        var responses = new List<HttpResponseMessage>();
        for (var at = "/s/".Length; at < link.Length; at++)
        {
            var chars = link.ToCharArray();
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            responses.Add(await person.GetAsync(new string(chars)));
        }

        responses.Add(await person.GetAsync(link[..^1]));
        responses.Add(await person.GetAsync(link + "A"));
        responses.Add(await person.GetAsync("/s/not-a-code"));
        responses.Add(await person.GetAsync(link + "?u=" + Uri.EscapeDataString("https://evil.example/")));
        Assert.All(responses.Take(responses.Count - 1), r => Assert.Equal((HttpStatusCode.NotFound, null), (r.StatusCode, r.Headers.Location)));
        // Anything added to a valid link is ignored: it still goes only where the campaign's link goes.
        Assert.Equal("https://shop.example/sale?x=1&y=2", responses[^1].Headers.Location?.ToString());
        await world.HitsCountedAsync();
        await using (var db = await world.ContextAsync())
        {
            Assert.Equal(1, await db.TrackingEvents.CountAsync(e => e.CampaignId == id));
        }

        var untracked = await SendAsync(world, Channel.Sms, new CampaignContent { Sms = new SmsContent { Text = Sms, TrackLinks = false } });
        Assert.Equal("Hi Person0: https://shop.example/sale?x=1&y=2. Yours: https://shop.example/p/Person0 Reply STOP to opt out", SmsOf(world, untracked)["+919820000000"].Body);
        Assert.Empty((await MetricsAsync(world, untracked)).Links);
    }

    [Fact]
    public async Task PushDeepLink_GoesThroughTheClickTracker_TheAppsOpenCounts_AppSchemesStayAsWritten()
    {
        var push = new ScriptedChannel(Channel.Push, "FCM");
        await using var world = await StartAsync(kind, push);
        var contacts = await world.AddContactsAsync(2, (_, c) => c.SetConsent(Channel.Push, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow));
        var pii = world.App.Services.GetRequiredService<PiiProtector>();
        await using (var db = await world.ContextAsync())
        {
            db.ContactPushTokens.AddRange(contacts.Select((c, i) => new ContactPushToken(c, pii.Seal("token-" + i.ToString(CultureInfo.InvariantCulture)), "android", DateTime.UtcNow)));
            await db.SaveChangesAsync();
        }

        var id = await SendAsync(world, Channel.Push, new CampaignContent
        {
            Push = new PushContent { Title = "Diwali", Body = "Lights at half price", DeepLink = "https://shop.example/app/diwali", Data = new Dictionary<string, string> { ["offer"] = "D20" } },
        });
        var messages = push.Messages.OfType<PushMessage>().Where(m => m.CampaignId == id).ToDictionary(m => m.Recipient);
        var first = messages["token-0"];
        using var person = Client(world);
        using var app = Client(world, "okhttp/4.12.0");

        Assert.StartsWith("https://campaigns.acme.example/c/", first.DeepLink);
        Assert.Equal("D20", first.Data["offer"]);
        var opened = await app.GetAsync(new Uri(first.Data[CampaignSendPlan.PushOpenDataKey]).PathAndQuery);
        var tapped = await person.GetAsync(new Uri(first.DeepLink!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/app/diwali"), (tapped.StatusCode, tapped.Headers.Location?.ToString()));

        var metrics = await MetricsAsync(world, id);
        var channel = Assert.Single(metrics.ByChannel);
        Assert.Equal((Channel.Push, 2L, 1L, 0L, 1L), (channel.Channel, channel.Sent, channel.UniqueOpens, channel.AutomatedOpens, channel.UniqueClicks));
        Assert.Equal([new LinkClicks(0, "https://shop.example/app/diwali", 1, 1) { Channel = Channel.Push }], metrics.Links);

        var appScheme = await SendAsync(world, Channel.Push, new CampaignContent { Push = new PushContent { Title = "Diwali", Body = "Open the app", DeepLink = "acme://offers/diwali" } });
        Assert.All(push.Messages.OfType<PushMessage>().Where(m => m.CampaignId == appScheme), m => Assert.Equal("acme://offers/diwali", m.DeepLink));
        Assert.Empty((await MetricsAsync(world, appScheme)).Links);
    }

    [GeneratedRegex(@"https://campaigns\.acme\.example(/s/[A-Za-z0-9_-]+)")]
    private static partial Regex ShortLink();
}
