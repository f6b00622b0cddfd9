using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Push;

/// <summary>OAuth for FCM: the service account's signed JWT exchanged at the key's token_uri (the stand-in), and the token reused.</summary>
public sealed class FcmAccessTokenTests : IAsyncLifetime
{
    private FcmStandIn fcm = null!;

    public async Task InitializeAsync() => fcm = await FcmStandIn.StartAsync();

    public async Task DisposeAsync() => await fcm.DisposeAsync();

    [Fact]
    public async Task Send_TwoBatches_GetOneTokenFromTheKeysTokenUriAndUseItForEverySend()
    {
        var channel = PushChannels.Create(fcm);

        await channel.SendAsync([Push(1, "a"), Push(2, "b"), Push(3, "c")], CancellationToken.None);
        await channel.SendAsync([Push(4, "d")], CancellationToken.None);

        var token = Assert.Single(fcm.TokenRequests);
        Assert.Equal(("urn:ietf:params:oauth:grant-type:jwt-bearer", fcm.ClientEmail, "https://www.googleapis.com/auth/firebase.messaging", (string?)null), (token.GrantType, token.Issuer, token.Scope, token.Refusal));
        Assert.NotNull(token.IssuedToken);
        Assert.Equal(4, fcm.AcceptedCount);
        Assert.All(fcm.Requests, r => Assert.Equal("Bearer " + token.IssuedToken, r.Authorization));
    }

    [Fact]
    public async Task Send_TokenEndpointFailing_IsTransientAndSendsNothing()
    {
        fcm.TokenReply = StandInReply.Json(500, """{"error":"internal_failure","error_description":"Backend error"}""");

        var result = Assert.Single(await PushChannels.Create(fcm).SendAsync([Push(1, "a")], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("No FCM access token: ", result.Error);
        Assert.Empty(fcm.Requests);
    }

    [Fact]
    public async Task Send_KeyTheTokenEndpointDoesNotKnow_IsTransient()
    {
        await using var other = await FcmStandIn.StartAsync();

        // Another stand-in's key (its own RSA key and issuer) pointed at this token endpoint.
        var result = Assert.Single(await PushChannels.Create(fcm, o => o.ServiceAccountJson = other.ServiceAccountJson.Replace(other.TokenUri.ToString(), fcm.TokenUri.ToString(), StringComparison.Ordinal)).SendAsync([Push(1, "a")], CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains("invalid_grant", result.Error);
        Assert.Equal("the assertion's signature does not match the service account key", Assert.Single(fcm.TokenRequests).Refusal);
    }

    [Fact]
    public async Task WarmUp_GetsTheTokenTheFirstNotificationsThenUse()
    {
        var channel = PushChannels.Create(fcm);

        Assert.Null(await channel.WarmUpAsync(CancellationToken.None));
        Assert.Empty(fcm.Requests);
        await channel.SendAsync([Push(1, "a")], CancellationToken.None);

        var token = Assert.Single(fcm.TokenRequests);
        Assert.Equal("Bearer " + token.IssuedToken, Assert.Single(fcm.Requests).Authorization);
    }

    [Fact]
    public async Task WarmUp_TokenEndpointFailing_SaysWhyWithoutThrowing()
    {
        fcm.TokenReply = StandInReply.Json(500, """{"error":"internal_failure","error_description":"Backend error"}""");

        var problem = await PushChannels.Create(fcm).WarmUpAsync(CancellationToken.None);

        Assert.StartsWith("No FCM access token: ", problem);
        Assert.EndsWith("(check Channels:Fcm's service account key)", problem);
    }

    private static PushMessage Push(long deliveryId, string token) => new(deliveryId, 42, token) { Tokens = [token], Title = "Hi", Body = "There" };
}
