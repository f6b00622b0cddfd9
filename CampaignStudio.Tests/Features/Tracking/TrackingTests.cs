using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;
using CampaignStudio.Features.Webhooks;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>
/// Tracking end to end in the running app on Kestrel (real HTTP on loopback), on both providers: a campaign is sent
/// through the engine, and its emails' tracked links, open pixel, unsubscribe link and the conversion API are used
/// as recipients, mail scanners and a CRM would.
/// </summary>
public abstract partial class TrackingTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : TrackingTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : TrackingTests(DatabaseKind.MySql)
    {
        /// <summary>The writer keeps its connection from batch to batch; when the server drops it, the next batch opens another.</summary>
        [Fact]
        public async Task WhenTheServerDropsTheWritersConnection_TheNextHitsAreRecordedOnANewOne_EachOnce()
        {
            var (world, id, mails) = await SendAsync(DatabaseKind.MySql, 10);
            await using var _ = world;
            using var person = Client(world);
            var pixels = mails.Values.Select(m => Links(m, "o")[0]).ToList();
            foreach (var url in pixels.Take(5))
            {
                Assert.Equal(HttpStatusCode.OK, (await person.GetAsync(url)).StatusCode);
            }

            await using (var db = await CountedContextAsync(world))
            {
                var others = await db.Database.SqlQueryRaw<long>("SELECT ID AS Value FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()").ToListAsync();
                Assert.NotEmpty(others);
                foreach (var connectionId in others)
                {
                    try
                    {
                        await db.Database.ExecuteSqlAsync($"KILL {connectionId}");
                    }
                    catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchThread)
                    {
                        // One of the app's other connections closed between the listing and the kill.
                    }
                }
            }

            var answers = await Task.WhenAll(pixels.Select(url => person.GetAsync(url)));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            var total = await TotalAsync(world, id);
            Assert.Equal((10L, 15L), (total.UniqueOpens, total.Opens));
            await using var check = await CountedContextAsync(world);
            Assert.Equal(15, await check.TrackingEvents.CountAsync(e => e.CampaignId == id && e.Kind == TrackingEventKind.Open));
        }
    }

    private const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private const string Html = "<p>Hi {{ contact.first_name }}</p><p><a href=\"https://shop.example/sale?x=1&amp;y=2\">Sale</a> " +
        "<a href=\"https://shop.example/p/{{ contact.first_name }}\">Yours</a> <a href=\"mailto:help@acme.example\">Help</a> " +
        "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>";

    private static async Task<(EngineWorld World, int CampaignId, Dictionary<string, EmailMessage> Mails)> SendAsync(DatabaseKind kind, int contacts, string afterSendSeconds = "0", Action<int, Contact>? customize = null)
    {
        var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Tracking:AutomatedAfterSendSeconds"] = afterSendSeconds }, kestrel: true);
        await world.AddContactsAsync(contacts, customize);
        var id = await world.ScheduleCampaignAsync("Tracked", [Channel.Email], html: Html);
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var mails = world.Email.Messages.OfType<EmailMessage>().ToDictionary(m => m.Recipient);
        return (world, id, mails);
    }

    private static HttpClient Client(EngineWorld world, string? userAgent = Browser)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = world.App.ServerAddress };
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return client;
    }

    private static List<string> Links(EmailMessage mail, string kind) =>
        [.. Regex.Matches(mail.Html!, $"(?:href|src)=\"https://campaigns\\.acme\\.example(/{kind}/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static async Task<ChannelMetrics> TotalAsync(EngineWorld world, int id) =>
        (await (await CountedMetricsAsync(world)).GetAsync(id))!.Total;

    /// <summary>The metrics, once the hits stored so far are counted.</summary>
    private static async Task<ICampaignMetrics> CountedMetricsAsync(EngineWorld world)
    {
        await world.HitsCountedAsync();
        return world.App.Services.GetRequiredService<ICampaignMetrics>();
    }

    /// <summary>A database context, once the hits stored so far are counted.</summary>
    private static async Task<AppDbContext> CountedContextAsync(EngineWorld world)
    {
        await world.HitsCountedAsync();
        return await world.ContextAsync();
    }

    [Fact]
    public async Task SentEmail_LinksArePersonalisedTrackedRedirects_OtherLinksUntouched_PixelAtTheEnd()
    {
        var (world, _, mails) = await SendAsync(kind, 2);
        await using var _ = world;
        var mail = mails["c1@example.test"];
        var clicks = Links(mail, "c");
        using var client = Client(world);

        Assert.Equal(2, clicks.Count);
        Assert.Single(Links(mail, "o"));
        Assert.Contains("href=\"mailto:help@acme.example\"", mail.Html);
        Assert.Contains($"href=\"{mail.UnsubscribeUrl}\"", mail.Html);
        Assert.DoesNotContain("shop.example/sale", mail.Html);
        var first = await client.GetAsync(clicks[0]);
        var second = await client.GetAsync(clicks[1]);
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/sale?x=1&y=2"), (first.StatusCode, first.Headers.Location?.ToString()));
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example/p/Person1"), (second.StatusCode, second.Headers.Location?.ToString()));
        // The click cookie, for the landing page's conversion pixel: only sent to /t, not readable by scripts, kept 30 days.
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Matches($"^{TrackingEndpoints.ClickCookie}=[A-Za-z0-9_-]{{{TrackingTokens.Length}}}; max-age=2592000; path=/t; samesite=lax; httponly$", cookie);
    }

    [Fact]
    public async Task TamperedOrUnknownTokens_Are404_AndNeverRedirect()
    {
        var (world, id, mails) = await SendAsync(kind, 1);
        await using var _ = world;
        var mail = mails["c0@example.test"];
        var click = Links(mail, "c")[0];
        var personal = Links(mail, "c")[1];
        var pixel = Links(mail, "o")[0];
        using var client = Client(world);

        static string Flip(string url, int at)
        {
            var chars = url.ToCharArray();
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            return new string(chars);
        }

        var tamperedClick = await client.GetAsync(Flip(click, click.Length - 5));
        var otherTarget = await client.GetAsync(personal.Replace("Person0", "evil.example", StringComparison.Ordinal));
        var openRedirect = await client.GetAsync(click + "?u=" + Uri.EscapeDataString("https://evil.example/"));
        var unknown = await client.GetAsync("/c/not-a-token");
        var tamperedPixel = await client.GetAsync(Flip(pixel, 10));
        var tamperedConversion = await client.GetAsync("/t/conversion.gif?name=purchase&d=" + Flip(pixel, 10)[3..^4]);
        var unsubscribe = new Uri(mail.UnsubscribeUrl!).AbsolutePath;
        var tamperedUnsubscribe = await client.PostAsync(Flip(unsubscribe, unsubscribe.Length - 3), null);

        foreach (var response in new[] { tamperedClick, otherTarget, openRedirect, unknown, tamperedPixel, tamperedConversion, tamperedUnsubscribe })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }

        Assert.Equal("image/gif", tamperedPixel.Content.Headers.ContentType?.MediaType);
        await using var db = await CountedContextAsync(world);
        Assert.Equal(0, await db.TrackingEvents.CountAsync(e => e.CampaignId == id));
        Assert.Equal(0, (await TotalAsync(world, id)).Unsubscribes);
    }

    [Fact]
    public async Task Metrics_UniqueVersusTotal_AutomatedApart_Rates()
    {
        var (world, id, mails) = await SendAsync(kind, 4);
        await using var _ = world;
        using var person = Client(world);
        using var apple = Client(world, "Mozilla/5.0");
        using var scanner = Client(world, "Mozilla/5.0 (compatible; Barracuda Sentinel)");

        // c0 opens twice and clicks the first link twice; c1 opens once; c2's opens are Apple's proxy and a HEAD probe; c3 nothing.
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync(Links(mails["c0@example.test"], "o")[0])).StatusCode);
        await person.GetAsync(Links(mails["c0@example.test"], "o")[0]);
        await person.GetAsync(Links(mails["c0@example.test"], "c")[0]);
        await person.GetAsync(Links(mails["c0@example.test"], "c")[0]);
        await person.GetAsync(Links(mails["c1@example.test"], "o")[0]);
        await apple.GetAsync(Links(mails["c2@example.test"], "o")[0]);
        await person.SendAsync(new HttpRequestMessage(HttpMethod.Head, Links(mails["c2@example.test"], "o")[0]));
        await scanner.GetAsync(Links(mails["c3@example.test"], "c")[1]);

        var metrics = (await (await CountedMetricsAsync(world)).GetAsync(id))!;
        var t = metrics.Total;
        Assert.Equal((4L, 4L, 2L, 3L, 2L), (t.Audience, t.Sent, t.UniqueOpens, t.Opens, t.AutomatedOpens));
        Assert.Equal((1L, 2L), (t.UniqueClicks, t.Clicks));
        Assert.Equal(0.5, t.OpenRate);
        Assert.Equal(0.25, t.ClickRate);
        Assert.Equal(0.5, t.ClickToOpenRate);
        Assert.Equal(t, metrics.ByChannel.Single() with { Channel = null });
        Assert.Equal([new LinkClicks(0, "https://shop.example/sale?x=1&y=2", 2, 1), new LinkClicks(1, "https://shop.example/p/{{ contact.first_name }}", 0, 0)], metrics.Links);
        var hour = Assert.Single(metrics.Series);
        Assert.Equal((4L, 2L, 1L), (hour.Sent, hour.UniqueOpens, hour.UniqueClicks));
        var totals = await (await CountedMetricsAsync(world)).TotalsAsync([id, id + 1000]);
        Assert.Equal(t, Assert.Single(totals).Value);
        var headline = (await (await CountedMetricsAsync(world)).HeadlinesAsync([id]))[id];
        Assert.Equal(new CampaignHeadlineMetrics(4, 0.5, 0.25), headline);
    }

    [Fact]
    public async Task OpensRightAfterSending_AndClicksOnEveryLinkWithinASecond_AreAutomated()
    {
        var (world, id, mails) = await SendAsync(kind, 2, afterSendSeconds: "600");
        await using var _ = world;
        using var person = Client(world);

        await person.GetAsync(Links(mails["c0@example.test"], "o")[0]);
        var total = await TotalAsync(world, id);
        Assert.Equal((0L, 0L, 1L), (total.UniqueOpens, total.Opens, total.AutomatedOpens));

        await using (var db = await CountedContextAsync(world))
        {
            await db.Deliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.SentUtc, DateTime.UtcNow.AddHours(-1)));
        }

        var links = Links(mails["c1@example.test"], "c");
        await person.GetAsync(links[0]);
        await person.GetAsync(links[1]);
        total = await TotalAsync(world, id);
        Assert.Equal((1L, 1L), (total.UniqueClicks, total.Clicks));
        await using var check = await CountedContextAsync(world);
        Assert.Equal([false, true], await check.TrackingEvents.Where(e => e.Kind == TrackingEventKind.Click).OrderBy(e => e.Id).Select(e => e.IsAutomated).ToListAsync());
    }

    [Fact]
    public async Task PeoplesOpensAndClicks_ArePublishedToSubscribedWebhooks_MachinesAreNot()
    {
        var (world, id, mails) = await SendAsync(kind, 3);
        await using var _ = world;
        int endpointId;
        await using (var db = await CountedContextAsync(world))
        {
            var endpoint = new WebhookEndpoint("Analytics", "http://127.0.0.1:9/hooks", [WebhookEventTypes.Open, WebhookEventTypes.Click], isActive: true, DateTime.UtcNow);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            endpointId = endpoint.Id;
        }

        using var person = Client(world);
        using var apple = Client(world, "Mozilla/5.0");
        await person.GetAsync(Links(mails["c0@example.test"], "o")[0]);
        await person.GetAsync(Links(mails["c0@example.test"], "c")[0]);
        await apple.GetAsync(Links(mails["c1@example.test"], "o")[0]);

        await using var check = await CountedContextAsync(world);
        var published = await check.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).ToListAsync();
        Assert.Equal([WebhookEventTypes.Click, WebhookEventTypes.Open], published.Select(d => d.EventType).Order());
        Assert.All(published, d => Assert.Equal(id, d.CampaignId));
        var click = System.Text.Json.JsonDocument.Parse(published.Single(d => d.EventType == WebhookEventTypes.Click).PayloadJson).RootElement;
        Assert.Equal(0, click.GetProperty("data").GetProperty("link_index").GetInt32());
        var c0 = (await world.RowsAsync(id)).Single(r => r.Id == click.GetProperty("data").GetProperty("delivery_id").GetInt64());
        Assert.Equal(c0.ContactId, click.GetProperty("data").GetProperty("contact_id").GetInt64());
    }

    [Fact]
    public async Task AFinishedCampaignsLedgerCounts_AreKept_AndMoveWithTheProvidersLaterReports()
    {
        var (world, id, _) = await SendAsync(kind, 3);
        await using var _ = world;
        var metrics = world.App.Services.GetRequiredService<ICampaignMetrics>();

        Assert.Equal(3, (await metrics.TotalsAsync([id]))[id].Sent);
        await using (var db = await CountedContextAsync(world))
        {
            Assert.Equal([(Channel.Email, DeliveryStatus.Sent, 3L)], await db.CampaignLedgerTotals.Where(t => t.CampaignId == id).Select(t => ValueTuple.Create(t.Channel, t.Status, t.Count)).ToListAsync());
        }

        var bounced = (await world.RowsAsync(id))[1];
        var reports = world.App.Services.GetRequiredService<IDeliveryReports>();
        Assert.True(await reports.RecordAsync(bounced.Provider!, bounced.ProviderMessageId!, DeliveryStatus.Undelivered, "Mailbox full", CancellationToken.None));
        Assert.False(await reports.RecordAsync(bounced.Provider!, bounced.ProviderMessageId!, DeliveryStatus.Undelivered, "Mailbox full", CancellationToken.None));

        var total = (await metrics.TotalsAsync([id]))[id];
        var single = await TotalAsync(world, id);
        Assert.Equal((3L, 3L, 1L), (total.Audience, total.Sent, total.Bounced));
        Assert.Equal((3L, 3L, 1L), (single.Audience, single.Sent, single.Bounced));
        await using var check = await CountedContextAsync(world);
        var kept = await check.CampaignLedgerTotals.Where(t => t.CampaignId == id).OrderBy(t => t.Status).Select(t => ValueTuple.Create(t.Status, t.Count)).ToListAsync();
        var live = (await world.CountsAsync(id)).OrderBy(c => c.Key).Select(c => ValueTuple.Create(c.Key, (long)c.Value)).ToList();
        Assert.Equal(live, kept);
    }

    [Fact]
    public async Task EveryAnsweredHit_IsStored_AndCountedOnce()
    {
        var (world, id, mails) = await SendAsync(kind, 30);
        await using var _ = world;
        using var person = Client(world);

        var answers = await Task.WhenAll(mails.Values.SelectMany(m => Enumerable.Repeat(Links(m, "o")[0], 3)).Select(url => person.GetAsync(url)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await using (var stored = await world.ContextAsync())
        {
            // Answered means stored: each hit is still pending or already counted, read in one snapshot while the folder works.
            await using var snapshot = await stored.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            var pending = await stored.PendingHits.CountAsync(h => h.CampaignId == id && h.Kind == TrackingEventKind.Open);
            Assert.Equal(90, pending + await stored.TrackingEvents.CountAsync(e => e.CampaignId == id && e.Kind == TrackingEventKind.Open));
        }

        await using var db = await CountedContextAsync(world);
        Assert.Equal(0, await db.PendingHits.CountAsync());
        Assert.Equal(90, await db.TrackingEvents.CountAsync(e => e.CampaignId == id && e.Kind == TrackingEventKind.Open));
        Assert.Equal(30, await db.DeliveryEngagements.CountAsync(e => e.CampaignId == id && e.FirstOpenUtc != null));
        var total = await TotalAsync(world, id);
        Assert.Equal((30L, 90L), (total.UniqueOpens, total.Opens));

        // Three clicks each on the first link, all at once: some of a message's clicks share a batch, some come in later ones.
        var clicks = await Task.WhenAll(mails.Values.SelectMany(m => Enumerable.Repeat(Links(m, "c")[0], 3)).Select(url => person.GetAsync(url)));

        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.Redirect, c.StatusCode));
        var metrics = (await (await CountedMetricsAsync(world)).GetAsync(id))!;
        Assert.Equal((30L, 90L), (metrics.Total.UniqueClicks, metrics.Total.Clicks));
        Assert.Equal((90L, 30L), (metrics.Links[0].Clicks, metrics.Links[0].UniqueClicks));
        Assert.Equal(30, await db.DeliveryLinkClicks.CountAsync());
    }

    [Fact]
    public async Task Unsubscribe_GetDoesNotUnsubscribe_OneClickPostWithoutCookies_DoesAndCounts()
    {
        var (world, id, mails) = await SendAsync(kind, 1);
        await using var _ = world;
        var url = new Uri(mails["c0@example.test"].UnsubscribeUrl!).AbsolutePath;
        using var client = Client(world, userAgent: null);

        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(0, (await TotalAsync(world, id)).Unsubscribes);
        await using (var db = await CountedContextAsync(world))
        {
            Assert.Equal(ConsentStatus.Granted, await db.ContactConsents.Where(k => k.Channel == Channel.Email).Select(k => k.Status).SingleAsync());
        }

        var post = await client.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        await client.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        await using var after = await CountedContextAsync(world);
        Assert.Equal(ConsentStatus.Withdrawn, await after.ContactConsents.Where(k => k.Channel == Channel.Email).Select(k => k.Status).SingleAsync());
        var total = await TotalAsync(world, id);
        Assert.Equal((1L, 1.0), (total.Unsubscribes, total.UnsubscribeRate));
    }

    [Fact]
    public async Task PreferencePage_LeavingTheMessagesChannel_WithdrawsAndCounts_OtherChannelsStay_AndComingBackLiftsTheSuppression()
    {
        var (world, id, mails) = await SendAsync(kind, 1);
        await using var _ = world;
        var url = new Uri(mails["c0@example.test"].UnsubscribeUrl!).AbsolutePath;
        using var client = Client(world, userAgent: null);

        var page = await client.GetStringAsync(url);
        Assert.Contains("name=\"channel\" value=\"Email\" checked", page);
        Assert.Contains("name=\"channel\" value=\"Sms\" checked", page);

        var left = await client.PostAsync(url + "/preferences", new FormUrlEncodedContent([new("channel", "Sms")]));

        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        await using (var db = await CountedContextAsync(world))
        {
            var consents = await db.ContactConsents.ToDictionaryAsync(k => k.Channel, k => k.Status);
            Assert.Equal((ConsentStatus.Withdrawn, ConsentStatus.Granted), (consents[Channel.Email], consents[Channel.Sms]));
            Assert.Equal(1, await db.SuppressedAddresses.CountAsync(s => s.Channel == Channel.Email));
        }

        Assert.Equal(1, (await TotalAsync(world, id)).Unsubscribes);
        await client.PostAsync(url + "/preferences", new FormUrlEncodedContent([new("channel", "Sms"), new("channel", "Email")]));
        await using var after = await CountedContextAsync(world);
        Assert.Equal(ConsentStatus.Granted, await after.ContactConsents.Where(k => k.Channel == Channel.Email).Select(k => k.Status).SingleAsync());
        Assert.Equal(0, await after.SuppressedAddresses.CountAsync());
        // A character inside the token changed (its last character may carry padding bits a decoder ignores).
        var tampered = url[..^5] + (url[^5] == 'A' ? 'B' : 'A') + url[^4..];
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(tampered + "/preferences", new FormUrlEncodedContent([new("channel", "Sms")]))).StatusCode);
    }

    [Fact]
    public async Task SegmentRules_ReceivedOpenedClickedConverted_MatchWhatPeopleDid()
    {
        var (world, id, mails) = await SendAsync(kind, 3);
        await using var _ = world;
        using var person = Client(world);
        using var api = await ApiClientAsync(world, Roles.CampaignManager);
        await person.GetAsync(Links(mails["c0@example.test"], "o")[0]);
        await person.GetAsync(Links(mails["c1@example.test"], "c")[0]);
        await api.PostAsJsonAsync("/api/v1/conversions", new { deliveryId = mails["c1@example.test"].DeliveryId, name = "purchase" });
        await world.HitsCountedAsync();

        Task<int> CountAsync(EngagementKind what, int? campaign, EventWindow? window = null) =>
            world.AsManagerAsync<SegmentService, int>(s => s.CountAsync(
                CampaignStudio.Tests.Features.Audience.Segments.Rules.Where(new EngagementCondition { Kind = what, CampaignId = campaign, Window = window })));

        Assert.Equal(3, await CountAsync(EngagementKind.Received, id));
        Assert.Equal(2, await CountAsync(EngagementKind.Opened, null, new EventWindow { InLast = new RelativePeriod { Amount = 7 } }));
        Assert.Equal(1, await CountAsync(EngagementKind.Clicked, id));
        Assert.Equal(1, await CountAsync(EngagementKind.Converted, null));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => CountAsync(EngagementKind.Opened, id + 1));
        Assert.Equal([$"There is no campaign #{id + 1}; choose another campaign, or any campaign."], unknown.Errors["root.rules[0].campaignId"]);
        Assert.Equal(0, await CountAsync(EngagementKind.Opened, id, new EventWindow { From = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1) }));
    }

    [Fact]
    public async Task SegmentRules_DidNotAndAClickedLink_MatchWhatPeopleDidNotDoAndWhichLinkTheyClicked()
    {
        var (world, id, mails) = await SendAsync(kind, 3);
        await using var _ = world;
        using var person = Client(world);
        using var api = await ApiClientAsync(world, Roles.CampaignManager);
        await person.GetAsync(Links(mails["c0@example.test"], "o")[0]);
        await person.GetAsync(Links(mails["c1@example.test"], "c")[0]);
        await api.PostAsJsonAsync("/api/v1/conversions", new { deliveryId = mails["c1@example.test"].DeliveryId, name = "purchase" });
        await world.HitsCountedAsync();
        var links = await world.AsManagerAsync<SegmentService, IReadOnlyList<CampaignLinkChoice>>(s => s.CampaignLinksAsync(id));
        var sale = links.Single(l => l.Url.StartsWith("https://shop.example/sale", StringComparison.Ordinal)).Index;
        var yours = links.Single(l => l.Url.StartsWith("https://shop.example/p/", StringComparison.Ordinal)).Index;

        Task<int> CountAsync(EngagementKind what, bool negate, int? campaign, int? link = null, EventWindow? window = null) =>
            world.AsManagerAsync<SegmentService, int>(s => s.CountAsync(CampaignStudio.Tests.Features.Audience.Segments.Rules.Where(
                new EngagementCondition { Kind = what, Negate = negate, CampaignId = campaign, LinkIndex = link, Window = window })));

        Assert.Equal(2, links.Count);
        Assert.Equal(0, await CountAsync(EngagementKind.Received, true, id));
        Assert.Equal(3, await CountAsync(EngagementKind.Received, true, null, window: new EventWindow { To = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1) }));
        Assert.Equal(1, await CountAsync(EngagementKind.Opened, true, null, window: new EventWindow { InLast = new RelativePeriod { Amount = 7 } }));
        Assert.Equal(2, await CountAsync(EngagementKind.Clicked, true, id));
        Assert.Equal(2, await CountAsync(EngagementKind.Converted, true, null));
        Assert.Equal(1, await CountAsync(EngagementKind.Clicked, false, id, sale));
        Assert.Equal(0, await CountAsync(EngagementKind.Clicked, false, id, yours));
        Assert.Equal(3, await CountAsync(EngagementKind.Clicked, true, id, yours));
        Assert.Equal(2, await CountAsync(EngagementKind.Clicked, true, id, sale));
    }

    [Fact]
    public async Task Conversions_ThroughApiAndPixel_CountPeopleOnceAndAddValues()
    {
        var (world, id, mails) = await SendAsync(kind, 2);
        await using var _ = world;
        using var api = await ApiClientAsync(world, Roles.CampaignManager);
        using var person = Client(world);
        var delivery = mails["c0@example.test"].DeliveryId;

        var byId = await api.PostAsJsonAsync("/api/v1/conversions", new { deliveryId = delivery, name = "purchase", value = 1499.50m, currency = "inr" });
        var byContact = await api.PostAsJsonAsync("/api/v1/conversions", new { contactId = (await world.RowsAsync(id)).Single(r => r.Id == delivery).ContactId, campaignId = id, name = "purchase", value = 500m, currency = "INR" });
        var click = await person.GetAsync(Links(mails["c1@example.test"], "c")[0]);
        var cookie = click.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var pixel = new HttpRequestMessage(HttpMethod.Get, "/t/conversion.gif?name=signup");
        pixel.Headers.Add("Cookie", cookie);
        var byPixel = await person.SendAsync(pixel);

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byContact.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byPixel.StatusCode);
        Assert.Equal("INR", (await byId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currency").GetString());
        var total = await TotalAsync(world, id);
        Assert.Equal((2L, 1999.50m, 1.0), (total.Conversions, total.ConversionValue, total.ConversionRate));
    }

    [Fact]
    public async Task ConversionsApi_InvalidInput_ProblemDetailsPerField_AndAnalystsAreRefused()
    {
        var (world, id, mails) = await SendAsync(kind, 1);
        await using var _ = world;
        using var api = await ApiClientAsync(world, Roles.CampaignManager);
        using var analyst = await ApiClientAsync(world, Roles.Analyst);

        async Task<Dictionary<string, string[]>> ErrorsAsync(object body)
        {
            var response = await api.PostAsJsonAsync("/api/v1/conversions", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }

        Assert.Equal(["deliveryToken", "name"], (await ErrorsAsync(new { value = 3 , currency = "INR" })).Keys.Order());
        Assert.Equal(["currency", "value"], (await ErrorsAsync(new { deliveryId = mails["c0@example.test"].DeliveryId, name = "x", value = -1, currency = "RUPEES" })).Keys.Order());
        Assert.Equal(["currency"], (await ErrorsAsync(new { deliveryId = mails["c0@example.test"].DeliveryId, name = "x", value = 5 })).Keys);
        Assert.Equal(["deliveryToken"], (await ErrorsAsync(new { deliveryToken = new string('A', 36), name = "x" })).Keys);
        Assert.Equal(["deliveryToken"], (await ErrorsAsync(new { deliveryToken = "x", deliveryId = 1, name = "x" })).Keys);
        Assert.Equal(["deliveryId"], (await ErrorsAsync(new { deliveryId = 987654321, name = "x" })).Keys);
        Assert.Equal(["campaignId"], (await ErrorsAsync(new { contactId = 1, name = "x" })).Keys);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/conversions", new { deliveryId = mails["c0@example.test"].DeliveryId, name = "x" })).StatusCode);
        Assert.Equal(0, (await TotalAsync(world, id)).Conversions);
    }

    [Fact]
    public async Task MetricsApi_AndPeopleCsv_ReadAccess_FormulaSafe()
    {
        var (world, id, mails) = await SendAsync(kind, 2, customize: (n, c) => c.FirstName = n == 0 ? "=HYPERLINK(\"http://evil.example\")" : "Asha");
        await using var _ = world;
        using var analyst = await ApiClientAsync(world, Roles.Analyst);
        using var person = Client(world);
        foreach (var mail in mails.Values)
        {
            await person.GetAsync(Links(mail, "o")[0]);
        }

        await world.HitsCountedAsync();
        var metrics = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/metrics");
        var csv = await analyst.GetStringAsync($"/api/v1/campaigns/{id}/engagement/opened/csv");
        var people = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/engagement/opened?pageSize=1");

        Assert.Equal(2, metrics.GetProperty("total").GetProperty("uniqueOpens").GetInt64());
        Assert.Equal(1.0, metrics.GetProperty("total").GetProperty("openRate").GetDouble());
        Assert.Equal((2, 1), (people.GetProperty("total").GetInt32(), people.GetProperty("items").GetArrayLength()));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\") Test\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("c1@example.test", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/v1/campaigns/99999/metrics")).StatusCode);
    }

    private static async Task<HttpClient> ApiClientAsync(EngineWorld world, string role)
    {
        await using var scope = await world.App.ScopeForUserAsync(TestApp.AdminEmail);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"{role} key", role)).Secret;
        var client = new HttpClient { BaseAddress = world.App.ServerAddress };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }
}
