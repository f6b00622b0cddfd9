using System.Net;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>Twilio's signed status callbacks moving real ledger rows, on both database providers.</summary>
public abstract class TwilioStatusCallbackTests(TwilioCallbackWorld world)
{
    public sealed class OnSqlite(TwilioCallbackWorld.OnSqlite world) : TwilioStatusCallbackTests(world), IClassFixture<TwilioCallbackWorld.OnSqlite>;

    public sealed class OnMySql(TwilioCallbackWorld.OnMySql world) : TwilioStatusCallbackTests(world), IClassFixture<TwilioCallbackWorld.OnMySql>;

    [Fact]
    public async Task StatusCallback_Delivered_MovesTheRowToDelivered()
    {
        var (id, sid) = await world.SentSmsAsync();

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "delivered");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = await world.RowAsync(id);
        Assert.Equal((DeliveryStatus.Delivered, (string?)null), (row.Status, row.Error));
        Assert.NotNull(row.ReportedUtc);
    }

    [Fact]
    public async Task StatusCallback_Undelivered_MovesTheRowToUndeliveredWithTheReason()
    {
        var (id, sid) = await world.SentSmsAsync();

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "undelivered", "30003");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = await world.RowAsync(id);
        Assert.Equal((DeliveryStatus.Undelivered, "Twilio 30003: unreachable destination handset."), (row.Status, row.Error));
    }

    [Fact]
    public async Task StatusCallback_Failed_MovesTheRowToFailedWithTheErrorCode()
    {
        var (id, sid) = await world.SentSmsAsync();

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "failed", "30008");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var row = await world.RowAsync(id);
        Assert.Equal((DeliveryStatus.Failed, "Twilio 30008: unknown error."), (row.Status, row.Error));
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("sending")]
    [InlineData("sent")]
    [InlineData("accepted")]
    [InlineData("read")]
    public async Task StatusCallback_InterimStatus_Is204AndChangesNothing(string status)
    {
        var (id, sid) = await world.SentSmsAsync();

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, status);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await world.RowAsync(id)).Status);
    }

    [Theory]
    [InlineData(TwilioCallbackSignature.Missing)]
    [InlineData(TwilioCallbackSignature.Tampered)]
    [InlineData(TwilioCallbackSignature.WrongKey)]
    public async Task StatusCallback_WithoutAValidSignature_Is403AndChangesNothing(TwilioCallbackSignature signature)
    {
        var (id, sid) = await world.SentSmsAsync();

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "failed", "30008", signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var row = await world.RowAsync(id);
        Assert.Equal((DeliveryStatus.Sent, (DateTime?)null), (row.Status, row.ReportedUtc));
    }

    [Fact]
    public async Task StatusCallback_SignedForTheInternalAddressInsteadOfThePublicOne_Is403()
    {
        var (id, sid) = await world.SentSmsAsync();
        var parameters = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered" };

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), new Uri("http://localhost/api/v1/callbacks/twilio/status"), parameters);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await world.RowAsync(id)).Status);
    }

    [Fact]
    public async Task StatusCallback_UnknownSid_Is204SoTwilioStopsRetrying()
    {
        var parameters = new Dictionary<string, string> { ["MessageSid"] = "SM00000000000000000000000000000000", ["MessageStatus"] = "delivered" };

        var response = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), new Uri(TwilioChannels.PublicBaseUrl + "/api/v1/callbacks/twilio/status"), parameters);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task StatusCallback_DeliveredAfterFailed_KeepsFailed()
    {
        var (id, sid) = await world.SentSmsAsync();

        await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "failed", "30008");
        var late = await world.Twilio.SendStatusCallbackAsync(world.App.CreateClient(), sid, "delivered");

        Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        Assert.Equal(DeliveryStatus.Failed, (await world.RowAsync(id)).Status);
    }
}
