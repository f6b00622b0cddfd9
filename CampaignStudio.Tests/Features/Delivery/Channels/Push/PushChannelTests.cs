using System.Diagnostics;
using System.Text.Json.Nodes;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Push;

/// <summary>The push channel against the FCM stand-in: the v1 message, one send per device token, every answer mapped.</summary>
public sealed class PushChannelTests : IAsyncLifetime
{
    private const string Phone = "token-phone";
    private const string Tablet = "token-tablet";
    private const string Laptop = "token-laptop";
    private FcmStandIn fcm = null!;

    public async Task InitializeAsync() => fcm = await FcmStandIn.StartAsync();

    public async Task DisposeAsync() => await fcm.DisposeAsync();

    [Fact]
    public async Task Send_Notification_PostsTitleBodyImageDataAndLinkWhereEachPlatformReadsThem()
    {
        var message = Push(3, [Phone]) with
        {
            ImageUrl = "https://cdn.acme.example/diwali.png",
            DeepLink = "https://shop.acme.example/offers/diwali",
            Data = new Dictionary<string, string> { ["offer"] = "DIWALI20" },
        };

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([message], CancellationToken.None));

        var request = Assert.Single(fcm.Requests);
        Assert.Equal($"/v1/projects/{fcm.ProjectId}/messages:send", request.Path);
        var expected = JsonNode.Parse("""
            {
              "message": {
                "token": "token-phone",
                "notification": { "title": "Diwali sale", "body": "20% off cement until Sunday", "image": "https://cdn.acme.example/diwali.png" },
                "data": { "offer": "DIWALI20", "link": "https://shop.acme.example/offers/diwali" },
                "apns": { "payload": { "aps": { "mutable-content": 1 } }, "fcm_options": { "image": "https://cdn.acme.example/diwali.png" } },
                "webpush": { "fcm_options": { "link": "https://shop.acme.example/offers/diwali" } },
                "fcm_options": { "analytics_label": "campaign-42" }
              }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, request.Body), request.Body?.ToJsonString());
        Assert.Equal((3L, SendOutcome.Accepted, request.Name), (result.DeliveryId, result.Outcome, result.ProviderMessageId));
        Assert.Empty(result.InvalidTokens);
    }

    [Fact]
    public async Task Send_AppDeepLink_GoesInDataOnlyBecauseBrowsersOpenHttpsLinksOnly()
    {
        await PushChannels.Create(fcm).SendAsync([Push(3, [Phone]) with { DeepLink = "acme://offers/diwali" }], CancellationToken.None);

        var request = Assert.Single(fcm.Requests);
        Assert.Equal("acme://offers/diwali", request.Data["link"]);
        Assert.Null(request.Message!["webpush"]);
    }

    [Fact]
    public async Task Send_PlainNotification_HasNoDataImageOrPlatformBlocks()
    {
        await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None);

        var message = Assert.Single(fcm.Requests).Message!;
        Assert.Equal(["token", "notification", "fcm_options"], message.Select(p => p.Key));
        Assert.Equal(["title", "body"], message["notification"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Send_SeveralDevices_SendsToEachAndAcceptsWithTheFirstNameListingDeadTokens()
    {
        fcm.SetReplyFor(Tablet, FcmStandIn.Unregistered());

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone, Tablet, Laptop, Phone])], CancellationToken.None));

        Assert.Equal([Laptop, Phone, Tablet], fcm.Requests.Select(r => r.Token!).Order());
        Assert.Equal(SendOutcome.Accepted, result.Outcome);
        Assert.Equal(fcm.Requests.Single(r => r.Token == Phone).Name, result.ProviderMessageId);
        Assert.Equal([Tablet], result.InvalidTokens);
    }

    [Fact]
    public async Task Send_NoTokensListed_SendsToTheRecipient()
    {
        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [])], CancellationToken.None));

        Assert.Equal("token-recipient", Assert.Single(fcm.Requests).Token);
        Assert.Equal(SendOutcome.Accepted, result.Outcome);
    }

    public static TheoryData<string, string> DeadTokenAnswers => new()
    {
        { "unregistered", "FCM 404 UNREGISTERED: Requested entity was not found." },
        { "invalid", "FCM 400 INVALID_ARGUMENT: The registration token is not a valid FCM registration token" },
        { "mismatch", "FCM 403 SENDER_ID_MISMATCH: SenderId mismatch" },
        { "field", "FCM 400 INVALID_ARGUMENT: Request contains an invalid argument." },
    };

    [Theory]
    [MemberData(nameof(DeadTokenAnswers))]
    public async Task Send_DeadToken_IsInvalidRecipientAndListsTheToken(string answer, string error)
    {
        fcm.SetReplyFor(Phone, answer switch
        {
            "unregistered" => FcmStandIn.Unregistered(),
            "invalid" => FcmStandIn.InvalidToken(),
            "mismatch" => FcmStandIn.SenderIdMismatch(),
            _ => StandInReply.Json(400, """
                {"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT","details":[
                  {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}]}}
                """),
        });

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.InvalidRecipient, error), (result.Outcome, result.Error));
        Assert.Equal([Phone], result.InvalidTokens);
    }

    [Fact]
    public async Task Send_EveryTokenDead_IsInvalidRecipientListingThemAll()
    {
        fcm.When(_ => FcmStandIn.Unregistered());

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone, Tablet])], CancellationToken.None));

        Assert.Equal(SendOutcome.InvalidRecipient, result.Outcome);
        Assert.Equal([Phone, Tablet], result.InvalidTokens.Order());
        Assert.StartsWith("All 2 device tokens are dead; first: FCM 404 UNREGISTERED", result.Error);
    }

    [Fact]
    public async Task Send_InvalidArgumentNotAboutTheToken_IsPermanent()
    {
        fcm.Enqueue(FcmStandIn.Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Message is too big"));

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.Permanent, "FCM 400 INVALID_ARGUMENT: Message is too big"), (result.Outcome, result.Error));
        Assert.Empty(result.InvalidTokens);
    }

    [Fact]
    public async Task Send_QuotaExceeded_IsTransientAfterRetryAfterSeconds()
    {
        fcm.Enqueue(FcmStandIn.QuotaExceeded(TimeSpan.FromSeconds(30)));

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, TimeSpan.FromSeconds(30)), (result.Outcome, result.RetryAfter));
        Assert.Equal("FCM 429 QUOTA_EXCEEDED: Quota exceeded for quota metric 'Send requests'.", result.Error);
    }

    [Fact]
    public async Task Send_UnavailableWithRetryAfterDate_WaitsUntilThatDate()
    {
        var now = new DateTimeOffset(2026, 11, 8, 10, 30, 0, TimeSpan.Zero);
        fcm.Enqueue(FcmStandIn.Error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.").WithRetryAfter(now.AddMinutes(2)));

        var result = Assert.Single(await PushChannels.Create(fcm, clock: new FakeTimeProvider(now)).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, TimeSpan.FromMinutes(2)), (result.Outcome, result.RetryAfter));
    }

    [Fact]
    public async Task Send_InternalError_IsTransient()
    {
        fcm.Enqueue(FcmStandIn.Internal());

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, "FCM 500 INTERNAL: Internal error encountered."), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_NoDeviceAcceptsButSomeMayLater_IsTransientWithTheLongestWaitAndListsDeadTokens()
    {
        fcm.SetReplyFor(Phone, FcmStandIn.QuotaExceeded(TimeSpan.FromSeconds(5)));
        fcm.SetReplyFor(Tablet, FcmStandIn.Unavailable(TimeSpan.FromSeconds(20)));
        fcm.SetReplyFor(Laptop, FcmStandIn.Unregistered());

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone, Tablet, Laptop])], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, TimeSpan.FromSeconds(20)), (result.Outcome, result.RetryAfter));
        Assert.Equal([Laptop], result.InvalidTokens);
    }

    [Fact]
    public async Task Send_AnswerSlowerThanTheTimeout_IsTransient()
    {
        fcm.SetReplyFor(Phone, StandInReply.Slow(TimeSpan.FromSeconds(10)));
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await PushChannels.Create(fcm, o => o.TimeoutSeconds = 1).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, "FCM did not answer within 1 s; the notification may have been sent."), (result.Outcome, result.Error));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_ConnectionDropped_IsTransient()
    {
        fcm.Enqueue(StandInReply.Dropped);

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(3, [Phone])], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("FCM could not be reached: ", result.Error);
    }

    [Fact]
    public async Task Send_AccessTokenRevoked_IsTransientAndSaysWhatToCheck()
    {
        var channel = PushChannels.Create(fcm);
        await channel.SendAsync([Push(1, [Phone])], CancellationToken.None);
        fcm.RevokeAccessTokens();

        var result = Assert.Single(await channel.SendAsync([Push(2, [Phone])], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("FCM 401 UNAUTHENTICATED: Request had invalid authentication credentials.", result.Error);
        Assert.EndsWith("(check Channels:Fcm and the Firebase project's settings)", result.Error);
    }

    [Fact]
    public async Task Send_Batch_GivesEachMessageItsOwnResult()
    {
        fcm.SetReplyFor("dead", FcmStandIn.Unregistered());

        var results = await PushChannels.Create(fcm).SendAsync([Push(1, [Phone]), Push(2, ["dead"]), new SmsMessage(3, 42, "+919820012345", "Hi"), Push(4, [Tablet])], CancellationToken.None);

        Assert.Equal(
            [(1L, SendOutcome.Accepted), (2L, SendOutcome.InvalidRecipient), (3L, SendOutcome.Permanent), (4L, SendOutcome.Accepted)],
            results.Select(r => (r.DeliveryId, r.Outcome)));
    }

    [Fact]
    public async Task Send_Cancelled_Throws()
    {
        fcm.When(_ => StandInReply.Slow(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PushChannels.Create(fcm).SendAsync([Push(1, [Phone, Tablet])], cancel.Token));
    }

    private static PushMessage Push(long deliveryId, IReadOnlyList<string> tokens) =>
        new(deliveryId, 42, tokens.FirstOrDefault() ?? "token-recipient") { Tokens = tokens, Title = "Diwali sale", Body = "20% off cement until Sunday" };
}
