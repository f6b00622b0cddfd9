using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>The SMS channel against the Twilio stand-in: request shapes, and every answer mapped to its result.</summary>
public sealed class SmsChannelTests : IAsyncLifetime
{
    private const string Asha = "+919820012345";
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task Send_FromNumber_PostsToFromBodyAndStatusCallbackWithBasicAuthAndIsAcceptedWithTheSid()
    {
        var results = await TwilioChannels.Sms(twilio).SendAsync([Sms(7, Asha, "Diwali offer: 20% off cement")], CancellationToken.None);

        var request = Assert.Single(twilio.Requests);
        Assert.Equal($"/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json", request.Path);
        Assert.Equal(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"))).ToString(), request.Authorization);
        Assert.Equal((Asha, TwilioChannels.FromNumber, "Diwali offer: 20% off cement"), (request.To, request.From, request.Body));
        Assert.Null(request.MessagingServiceSid);
        Assert.Equal("https://crm.example.test/api/v1/callbacks/twilio/status", request.StatusCallback);
        var result = Assert.Single(results);
        Assert.Equal((7L, SendOutcome.Accepted, request.Sid), (result.DeliveryId, result.Outcome, result.ProviderMessageId));
        Assert.StartsWith("SM", result.ProviderMessageId);
    }

    [Fact]
    public async Task Send_WithMessagingService_SendsTheServiceInsteadOfFrom()
    {
        const string service = "MG0123456789abcdef0123456789abcdef";

        await TwilioChannels.Sms(twilio, o => o.MessagingServiceSid = service).SendAsync([Sms(1, Asha)], CancellationToken.None);

        var request = Assert.Single(twilio.Requests);
        Assert.Equal(service, request.MessagingServiceSid);
        Assert.Null(request.From);
    }

    [Fact]
    public async Task Send_WithoutPublicBaseUrl_AsksForNoStatusCallback()
    {
        await TwilioChannels.Sms(twilio, o => o.PublicBaseUrl = null).SendAsync([Sms(1, Asha)], CancellationToken.None);

        Assert.False(Assert.Single(twilio.Requests).Form.ContainsKey("StatusCallback"));
    }

    [Fact]
    public async Task Send_PublicBaseUrlWithPathPrefix_KeepsThePrefixInTheStatusCallback()
    {
        await TwilioChannels.Sms(twilio, o => o.PublicBaseUrl = "https://crm.example.test/campaigns/").SendAsync([Sms(1, Asha)], CancellationToken.None);

        Assert.Equal("https://crm.example.test/campaigns/api/v1/callbacks/twilio/status", Assert.Single(twilio.Requests).StatusCallback);
    }

    [Fact]
    public async Task Send_Batch_GivesEachMessageItsOwnResultByDeliveryId()
    {
        twilio.SetReplyFor("+919820000002", TwilioStandIn.InvalidNumber());
        twilio.SetReplyFor("+919820000003", TwilioStandIn.ServerError(503));

        var results = await TwilioChannels.Sms(twilio).SendAsync([Sms(1, "+919820000001"), Sms(2, "+919820000002"), Sms(3, "+919820000003")], CancellationToken.None);

        Assert.Equal(
            [(1L, SendOutcome.Accepted), (2L, SendOutcome.InvalidRecipient), (3L, SendOutcome.Transient)],
            results.Select(r => (r.DeliveryId, r.Outcome)).OrderBy(r => r.DeliveryId));
        Assert.Equal(twilio.Requests.Single(r => r.To == "+919820000001").Sid, results.Single(r => r.DeliveryId == 1).ProviderMessageId);
    }

    [Fact]
    public async Task Send_Batch_HasAtMostMaxConcurrentRequestsOpenAtOnce()
    {
        twilio.When(_ => StandInReply.Slow(TimeSpan.FromMilliseconds(300)));
        var batch = Enumerable.Range(1, 8).Select(i => Sms(i, $"+9198200000{i:00}")).ToList();

        var results = await TwilioChannels.Sms(twilio, o => o.MaxConcurrentRequests = 2).SendAsync(batch, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Accepted, r.Outcome));
        // Each request is held 300 ms: with two open at a time, no three can arrive within 250 ms.
        Assert.InRange(twilio.PeakAccepted(TimeSpan.FromMilliseconds(250)), 1, 2);
        Assert.Equal(8, twilio.AcceptedCount);
    }

    [Theory]
    [InlineData(21211)]
    [InlineData(21614)]
    [InlineData(21612)]
    [InlineData(63003)]
    public async Task Send_BadOrUnreachableNumber_IsInvalidRecipientInTwiliosWords(int code)
    {
        twilio.SetReplyFor(Asha, TwilioStandIn.InvalidNumber(code));

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal(SendOutcome.InvalidRecipient, result.Outcome);
        Assert.StartsWith($"Twilio {code}: ", result.Error);
    }

    [Fact]
    public async Task Send_RecipientRepliedStop_IsInvalidRecipient()
    {
        twilio.SetReplyFor(Asha, TwilioStandIn.Unsubscribed());

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.InvalidRecipient, "Twilio 21610: Attempt to send to unsubscribed recipient"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_OtherClientError_IsPermanentWithTwiliosCodeAndMessage()
    {
        twilio.Enqueue(TwilioStandIn.Error(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number"));

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Equal("Twilio 21408: Permission to send an SMS has not been enabled for the region indicated by the 'To' number", result.Error);
    }

    [Fact]
    public async Task Send_WrongAuthToken_IsTransientAndSaysWhatToCheck()
    {
        var result = Assert.Single(await TwilioChannels.Sms(twilio, o => o.AuthToken = "not-the-token").SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Equal("Twilio 20003: Authenticate (check Channels:Twilio:AccountSid and AuthToken)", result.Error);
        Assert.Equal(0, twilio.AcceptedCount);
    }

    [Fact]
    public async Task Send_TooManyRequestsWithRetryAfterSeconds_IsTransientAfterThatWait()
    {
        twilio.Enqueue(TwilioStandIn.TooManyRequests(TimeSpan.FromSeconds(7)));

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, TimeSpan.FromSeconds(7)), (result.Outcome, result.RetryAfter));
        Assert.Equal("Twilio 20429: Too Many Requests", result.Error);
    }

    [Fact]
    public async Task Send_TooManyRequestsWithRetryAfterDate_WaitsUntilThatDate()
    {
        var now = new DateTimeOffset(2026, 11, 8, 10, 30, 0, TimeSpan.Zero);
        twilio.Enqueue(TwilioStandIn.Error(429, 20429, "Too Many Requests").WithRetryAfter(now.AddSeconds(90)));

        var result = Assert.Single(await TwilioChannels.Sms(twilio, clock: new FakeTimeProvider(now)).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, TimeSpan.FromSeconds(90)), (result.Outcome, result.RetryAfter));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Send_ServerError_IsTransient(int status)
    {
        twilio.Enqueue(TwilioStandIn.ServerError(status));

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, (TimeSpan?)null), (result.Outcome, result.RetryAfter));
        Assert.Equal("Twilio 20500: An internal server error has occurred", result.Error);
    }

    [Fact]
    public async Task Send_ServerErrorWithoutJson_IsTransientWithTheHttpStatus()
    {
        twilio.Enqueue(new StandInReply { StatusCode = 502, Body = "<html>Bad gateway</html>" });

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, "Twilio answered 502 Bad Gateway"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_AnswerSlowerThanTheTimeout_IsTransientAfterTheTimeout()
    {
        twilio.Enqueue(StandInReply.Slow(TimeSpan.FromSeconds(10)));
        var clock = Stopwatch.StartNew();

        var result = Assert.Single(await TwilioChannels.Sms(twilio, o => o.TimeoutSeconds = 1).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Transient, "Twilio did not answer within 1 s; the message may have been sent."), (result.Outcome, result.Error));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_ConnectionDropped_IsTransient()
    {
        twilio.Enqueue(StandInReply.Dropped);

        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("Twilio could not be reached: ", result.Error);
    }

    [Fact]
    public async Task Send_NothingListening_IsTransient()
    {
        var channel = TwilioChannels.Sms(twilio);
        await twilio.DisposeAsync();

        var result = Assert.Single(await channel.SendAsync([Sms(1, Asha)], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("Twilio could not be reached: ", result.Error);
    }

    [Fact]
    public async Task Send_Cancelled_Throws()
    {
        twilio.When(_ => StandInReply.Slow(TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha), Sms(2, "+919820000002")], cancel.Token));
    }

    [Fact]
    public async Task Send_EmptyText_IsPermanentWithoutARequest()
    {
        var result = Assert.Single(await TwilioChannels.Sms(twilio).SendAsync([Sms(1, Asha, " ")], CancellationToken.None));

        Assert.Equal((SendOutcome.Permanent, "The SMS has no text."), (result.Outcome, result.Error));
        Assert.Empty(twilio.Requests);
    }

    [Fact]
    public async Task WarmUp_ReadsTheAccountWithTheCredentialsAndSendsNothing()
    {
        var channel = TwilioChannels.Sms(twilio);

        Assert.Null(await channel.WarmUpAsync(CancellationToken.None));

        Assert.Single(twilio.AccountReads);
        Assert.Empty(twilio.Requests);
    }

    [Fact]
    public async Task WarmUp_WrongAuthToken_SaysWhichSettingsToCheck()
    {
        var problem = await TwilioChannels.Sms(twilio, o => o.AuthToken = "not-the-token").WarmUpAsync(CancellationToken.None);

        Assert.Equal("Twilio 20003: Authenticate (check Channels:Twilio:AccountSid and AuthToken)", problem);
    }

    [Fact]
    public async Task WarmUp_ServerErrorOrNoAnswerOrNoServer_SaysWhatHappened()
    {
        twilio.AccountReply = TwilioStandIn.ServerError(503);
        Assert.Equal("Twilio 20500: An internal server error has occurred", await TwilioChannels.Sms(twilio).WarmUpAsync(CancellationToken.None));

        twilio.AccountReply = StandInReply.Json(502, "<html>Bad gateway</html>");
        Assert.Equal("Twilio answered 502 Bad Gateway", await TwilioChannels.Sms(twilio).WarmUpAsync(CancellationToken.None));

        var channel = TwilioChannels.Sms(twilio);
        await twilio.DisposeAsync();
        Assert.StartsWith("Twilio could not be reached: ", await channel.WarmUpAsync(CancellationToken.None));
    }

    private static SmsMessage Sms(long deliveryId, string to, string body = "Festive prices until Sunday.") => new(deliveryId, 42, to, body);
}
