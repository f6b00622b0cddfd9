using System.Text.Json;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Webhooks;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Webhooks;

/// <summary>
/// Webhooks against a real receiver on loopback, with a stopped clock for the retry times: signed so a receiver can
/// verify, retried with backoff after a 500, a timeout or a dropped connection, never sooner than Retry-After, given up
/// after the configured tries (endpoint marked failing), every try in the log; admins only.
/// </summary>
public abstract class WebhookDispatcherTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : WebhookDispatcherTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : WebhookDispatcherTests(DatabaseKind.MySql);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webhooks:Enabled"] = "false",
        ["Webhooks:TimeoutSeconds"] = "1",
        ["Webhooks:MaxAttempts"] = "4",
        ["Webhooks:RetryBaseSeconds"] = "30",
    };

    [Fact]
    public async Task CampaignScheduled_ReachesTheReceiverOnce_SignedWithTheEndpointsSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = CampaignWorld.Clock();
        await using var app = await CampaignWorld.StartAsync(kind, clock, settings: Settings);
        var endpoint = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignScheduled, WebhookEventTypes.CampaignUnscheduled)));
        var world = await CampaignWorld.SeedAsync(app);
        var draft = await CampaignWorld.ReadyDraftAsync(app, world);

        var scheduled = await CampaignWorld.AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision));
        Assert.Equal(1, await Dispatcher(app).DrainAsync(CancellationToken.None));
        Assert.Equal(0, await Dispatcher(app).DrainAsync(CancellationToken.None));

        var request = Assert.Single(receiver.Requests);
        Assert.True(WebhookSignature.Verify(endpoint.Secret, request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromDays(3650)));
        Assert.False(WebhookSignature.Verify(endpoint.Secret, request.Signature, request.Body + " ", DateTimeOffset.UtcNow, TimeSpan.FromDays(3650)));
        Assert.False(WebhookSignature.Verify("whsec_wrong", request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromDays(3650)));
        Assert.StartsWith("application/json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(WebhookEventTypes.CampaignScheduled, root.GetProperty("type").GetString());
        Assert.Equal(request.EventId, root.GetProperty("id").GetString());
        Assert.Equal(WebhookEventTypes.CampaignScheduled, request.EventType);
        Assert.Equal(draft.Id, root.GetProperty("campaignId").GetInt32());
        var campaign = root.GetProperty("data").GetProperty("campaign");
        Assert.Equal(("Diwali offer", "Scheduled", "Draft"), (campaign.GetProperty("name").GetString(), campaign.GetProperty("status").GetString(), campaign.GetProperty("previousStatus").GetString()));

        // Unscheduling is another event; the log shows both delivered with one try each.
        await CampaignWorld.AsManagerAsync(app, s => s.UnscheduleAsync(scheduled.Id, scheduled.Revision));
        await Dispatcher(app).DrainAsync(CancellationToken.None);
        Assert.Equal([WebhookEventTypes.CampaignScheduled, WebhookEventTypes.CampaignUnscheduled], receiver.Requests.Select(r => r.EventType));
        var log = await AsAdminAsync(app, s => s.ListDeliveriesAsync(endpoint.Id));
        Assert.Equal(2, log.Total);
        Assert.All(log.Items, d => Assert.Equal((WebhookDeliveryStatus.Delivered, 1, (int?)200, (DateTime?)null), (d.Status, d.Attempts, d.LastStatusCode, d.NextAttemptUtc)));
    }

    [Fact]
    public async Task Failures_500ThenTimeoutThenDropped_RetryWithDoublingBackoff_ThenDeliver_EveryTryLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = CampaignWorld.Clock();
        await using var app = await CampaignWorld.StartAsync(kind, clock, settings: Settings);
        var endpoint = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignStarted)));
        receiver.Enqueue(StandInReply.Json(500, "{\"error\":\"boom\"}"), StandInReply.Slow(TimeSpan.FromSeconds(3)), StandInReply.Dropped);
        var test = await AsAdminAsync(app, s => s.SendTestAsync(endpoint.Id));
        var start = clock.GetUtcNow().UtcDateTime;

        await Dispatcher(app).DrainAsync(CancellationToken.None);
        var first = await DeliveryAsync(app, test.Id);
        Assert.Equal((WebhookDeliveryStatus.Pending, 1, (int?)500, start.AddSeconds(30)), (first.Status, first.Attempts, first.LastStatusCode, first.NextAttemptUtc));

        // Not before its time.
        clock.SetUtcNow(start.AddSeconds(29));
        Assert.Equal(0, await Dispatcher(app).DrainAsync(CancellationToken.None));
        clock.SetUtcNow(start.AddSeconds(30));
        Assert.Equal(1, await Dispatcher(app).DrainAsync(CancellationToken.None));
        var second = await DeliveryAsync(app, test.Id);
        Assert.Equal((2, (int?)null, start.AddSeconds(90)), (second.Attempts, second.LastStatusCode, second.NextAttemptUtc));
        Assert.Contains("No answer within 1 seconds", second.LastError);

        clock.SetUtcNow(start.AddSeconds(90));
        await Dispatcher(app).DrainAsync(CancellationToken.None);
        var third = await DeliveryAsync(app, test.Id);
        Assert.Equal((3, start.AddSeconds(210)), (third.Attempts, third.NextAttemptUtc));
        Assert.StartsWith("The request failed", third.LastError);

        clock.SetUtcNow(start.AddSeconds(210));
        await Dispatcher(app).DrainAsync(CancellationToken.None);
        var delivered = await DeliveryAsync(app, test.Id);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 4, (int?)200), (delivered.Status, delivered.Attempts, delivered.LastStatusCode));

        var attempts = await AsAdminAsync(app, s => s.ListAttemptsAsync(test.Id));
        Assert.Equal([(1, (int?)500), (2, null), (3, null), (4, 200)], attempts.Select(a => (a.Number, a.StatusCode)));
        Assert.Equal([start.AddSeconds(30), start.AddSeconds(90), start.AddSeconds(210), (DateTime?)null], attempts.Select(a => a.NextAttemptUtc));
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.EventId).Distinct());
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.All(receiver.Requests, r => Assert.True(WebhookSignature.Verify(endpoint.Secret, r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromDays(3650))));
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_WaitsAtLeastThatLong()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = CampaignWorld.Clock();
        await using var app = await CampaignWorld.StartAsync(kind, clock, settings: Settings);
        var endpoint = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignStarted)));
        receiver.Enqueue(StandInReply.Json(429, "{}").WithRetryAfter(TimeSpan.FromMinutes(10)));
        var test = await AsAdminAsync(app, s => s.SendTestAsync(endpoint.Id));
        var start = clock.GetUtcNow().UtcDateTime;

        await Dispatcher(app).DrainAsync(CancellationToken.None);

        var waiting = await DeliveryAsync(app, test.Id);
        Assert.Equal(((int?)429, start.AddMinutes(10)), (waiting.LastStatusCode, waiting.NextAttemptUtc));
        Assert.Equal(600, (await AsAdminAsync(app, s => s.ListAttemptsAsync(test.Id))).Single().RetryAfterSeconds);
        clock.SetUtcNow(start.AddMinutes(5));
        Assert.Equal(0, await Dispatcher(app).DrainAsync(CancellationToken.None));
        clock.SetUtcNow(start.AddMinutes(10));
        Assert.Equal(1, await Dispatcher(app).DrainAsync(CancellationToken.None));
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await DeliveryAsync(app, test.Id)).Status);
    }

    [Fact]
    public async Task AlwaysFailing_GivesUpAfterMaxAttempts_MarksTheEndpointFailing_UntilASuccess()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = CampaignWorld.Clock();
        await using var app = await CampaignWorld.StartAsync(kind, clock, settings: Settings);
        var endpoint = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignStarted)));
        receiver.Enqueue([.. Enumerable.Repeat(StandInReply.Json(503, "{}"), 4)]);
        var test = await AsAdminAsync(app, s => s.SendTestAsync(endpoint.Id));

        for (var i = 0; i < 6; i++)
        {
            await Dispatcher(app).DrainAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromHours(1));
        }

        var gaveUp = await DeliveryAsync(app, test.Id);
        Assert.Equal((WebhookDeliveryStatus.GaveUp, 4, (DateTime?)null), (gaveUp.Status, gaveUp.Attempts, gaveUp.NextAttemptUtc));
        Assert.Contains("Given up after 4 tries", gaveUp.LastError);
        Assert.Equal(4, receiver.Requests.Count);
        var failing = await AsAdminAsync(app, s => s.GetAsync(endpoint.Id));
        Assert.True(failing.IsFailing);
        Assert.Contains("given up after 4 tries", failing.FailingReason);
        Assert.Equal(1, failing.GaveUp);

        // The receiver is fixed; an admin sends it again: delivered, the endpoint healthy.
        receiver.ClearScript();
        await AsAdminAsync(app, async s =>
        {
            await s.RetryAsync(test.Id);
            return true;
        });
        await Dispatcher(app).DrainAsync(CancellationToken.None);
        var healthy = await AsAdminAsync(app, s => s.GetAsync(endpoint.Id));
        Assert.False(healthy.IsFailing);
        Assert.Equal((0, 1), (healthy.GaveUp, healthy.Delivered));
    }

    [Fact]
    public async Task Publish_ABatchOfEngagementEvents_OneRowPerSubscribedEndpoint_OncePerEventId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = CampaignWorld.Clock();
        await using var app = await CampaignWorld.StartAsync(kind, clock, settings: Settings);
        var opens = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.Open, WebhookEventTypes.Click)));
        await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignStarted)));
        var inactive = Input(receiver, WebhookEventTypes.Open);
        inactive.IsActive = false;
        await AsAdminAsync(app, s => s.CreateAsync(inactive));
        var publisher = app.Services.GetRequiredService<IWebhookPublisher>();
        var events = Enumerable.Range(1, 2000).Select(i => new WebhookEvent(i % 2 == 0 ? WebhookEventTypes.Open : WebhookEventTypes.Conversion, clock.GetUtcNow().UtcDateTime, new Dictionary<string, object?> { ["deliveryId"] = i })
        {
            Id = $"evt_hit_{i}",
        }).ToList();

        await publisher.PublishAsync(events);
        await publisher.PublishAsync(events.Take(10).ToList());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var rows = await db.WebhookDeliveries.AsNoTracking().ToListAsync();
        Assert.Equal(1000, rows.Count);
        Assert.All(rows, r => Assert.Equal((opens.Id, WebhookEventTypes.Open), (r.EndpointId, r.EventType)));
    }

    [Fact]
    public async Task Endpoints_AreForAdminsOnly_AndRefuseBadInputWithReasons()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await CampaignWorld.StartAsync(kind, CampaignWorld.Clock(), settings: Settings);

        await Assert.ThrowsAsync<ForbiddenException>(() => CampaignWorld.AsAsync<WebhookService, IReadOnlyList<WebhookEndpointInfo>>(app, CampaignWorld.ManagerEmail, s => s.ListAsync()));
        await Assert.ThrowsAsync<ForbiddenException>(() => CampaignWorld.AsAsync<WebhookService, WebhookEndpointInfo>(app, CampaignWorld.ManagerEmail, s => s.CreateAsync(Input(receiver, WebhookEventTypes.Open))));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAdminAsync(app, s => s.CreateAsync(new WebhookEndpointInput { Name = "", Url = "ftp://x.example/hook", EventTypes = ["campaign.exploded"] })));
        Assert.Equal(["eventTypes", "name", "url"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("campaign.exploded", bad.Errors["eventTypes"][0]);
        Assert.Empty(await AsAdminAsync(app, s => s.ListAsync()));
    }

    [Fact]
    public async Task Dispatcher_RunningInTheBackground_SendsATestEventWithinSeconds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(kind, new Dictionary<string, string?> { ["Webhooks:PollMilliseconds"] = "200" });
        await app.CreateFirstAdminAsync();
        var endpoint = await AsAdminAsync(app, s => s.CreateAsync(Input(receiver, WebhookEventTypes.CampaignStarted)));

        await AsAdminAsync(app, s => s.SendTestAsync(endpoint.Id));

        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal(WebhookEventTypes.Test, request.EventType);
        Assert.True(WebhookSignature.Verify(endpoint.Secret, request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    private static WebhookEndpointInput Input(WebhookReceiver receiver, params string[] types) => new() { Name = "CRM " + string.Join('+', types), Url = receiver.Url(), EventTypes = [.. types] };

    private static WebhookDispatcher Dispatcher(TestApp app) => app.Services.GetRequiredService<WebhookDispatcher>();

    private static Task<T> AsAdminAsync<T>(TestApp app, Func<WebhookService, Task<T>> act) => CampaignWorld.AsAsync(app, TestApp.AdminEmail, act);

    private static async Task<WebhookDeliveryInfo> DeliveryAsync(TestApp app, long id)
    {
        var endpoints = await AsAdminAsync(app, s => s.ListAsync());
        foreach (var endpoint in endpoints)
        {
            var page = await AsAdminAsync(app, s => s.ListDeliveriesAsync(endpoint.Id, pageSize: 100));
            if (page.Items.FirstOrDefault(d => d.Id == id) is { } found)
            {
                return found;
            }
        }

        throw new InvalidOperationException($"No delivery {id}.");
    }
}
