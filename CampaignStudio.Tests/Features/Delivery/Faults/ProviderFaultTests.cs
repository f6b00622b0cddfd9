using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Invariant 2 against the real channels: the app sends through the Twilio and FCM stand-ins, which answer some
/// recipients with 429 + Retry-After, 5xx, answers slower than the client's timeout, dropped connections and refusals.
/// Transient failures are retried (not before Retry-After) and end Sent; failures that last end Failed after
/// MaxAttempts with the provider's reason; a dead number is failed and suppressed, a dead device token removed.
/// </summary>
public abstract class ProviderFaultTests(DatabaseKind kind, ITestOutputHelper output)
{
    private const int MaxAttempts = 3;

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnSqlite(ITestOutputHelper output) : ProviderFaultTests(DatabaseKind.Sqlite, output);

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnMySql(ITestOutputHelper output) : ProviderFaultTests(DatabaseKind.MySql, output);

    [Fact]
    public async Task TwilioFaults_TransientRetriedAfterRetryAfterThenSent_LastingFailAfterMaxAttempts_DeadNumbersFailedAndSuppressed()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        var settings = FaultWorld.SmsThrough(twilio);
        settings["Channels:Twilio:TimeoutSeconds"] = "2";
        await using var world = await StartAsync(settings);
        var contacts = await world.AddContactsAsync(10);
        twilio.When(FirstTime(FaultWorld.Phone(0), TwilioStandIn.TooManyRequests(TimeSpan.FromSeconds(3))));
        twilio.When(FirstTime(FaultWorld.Phone(1), TwilioStandIn.ServerError(503)));
        twilio.When(FirstTime(FaultWorld.Phone(2), StandInReply.Slow(TimeSpan.FromSeconds(4))));
        twilio.When(FirstTime(FaultWorld.Phone(3), StandInReply.Dropped));
        twilio.SetReplyFor(FaultWorld.Phone(4), TwilioStandIn.ServerError());
        twilio.SetReplyFor(FaultWorld.Phone(5), TwilioStandIn.InvalidNumber());
        twilio.SetReplyFor(FaultWorld.Phone(6), TwilioStandIn.Unsubscribed());
        twilio.SetReplyFor(FaultWorld.Phone(7), TwilioStandIn.Error(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number"));

        var id = await world.ScheduleSmsCampaignAsync("Twilio faults");

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = (await world.RowsAsync(id)).ToDictionary(r => r.ContactId);
        var row = contacts.Select(c => rows[c]).ToList();
        var requests = twilio.Requests.ToLookup(r => r.To!);
        foreach (var n in Enumerable.Range(0, 10))
        {
            output.WriteLine($"{FaultWorld.Phone(n)}: {row[n].Status}, {row[n].Attempts} attempts, {requests[FaultWorld.Phone(n)].Count()} requests, {row[n].Error}");
        }

        // 429, 503, an answer after the timeout, a dropped connection: sent on the second try.
        Assert.All(new[] { 0, 1, 2, 3, 8, 9 }, n => Assert.Equal((DeliveryStatus.Sent, "Twilio"), (row[n].Status, row[n].Provider)));
        Assert.All(new[] { 0, 1, 2, 3 }, n => Assert.Equal(2, row[n].Attempts));
        Assert.All(new[] { 8, 9 }, n => Assert.Equal(1, row[n].Attempts));
        Assert.All(new[] { 0, 1, 2, 3, 8, 9 }, n => Assert.Equal(requests[FaultWorld.Phone(n)].Last(r => r.Accepted).Sid, row[n].ProviderMessageId));
        var throttled = requests[FaultWorld.Phone(0)].Select(r => r.ArrivedAt).ToList();
        Assert.True(throttled[1] - throttled[0] >= TimeSpan.FromSeconds(2.95), $"retried {(throttled[1] - throttled[0]).TotalSeconds:F2} s after a 429 with Retry-After: 3");

        // A 500 every time: failed after MaxAttempts with Twilio's reason; not suppressed, the number is fine.
        Assert.Equal((DeliveryStatus.Failed, MaxAttempts, "Gave up after 3 attempts: Twilio 20500: An internal server error has occurred"), (row[4].Status, row[4].Attempts, row[4].Error));
        Assert.Equal(MaxAttempts, requests[FaultWorld.Phone(4)].Count());

        // Dead numbers (invalid, replied STOP): failed at once with the reason, and suppressed; a refusal for the message is not.
        Assert.Equal((DeliveryStatus.Failed, 1, "Twilio 21211: The 'To' number is not a valid phone number."), (row[5].Status, row[5].Attempts, row[5].Error));
        Assert.Equal((DeliveryStatus.Failed, 1, "Twilio 21610: Attempt to send to unsubscribed recipient"), (row[6].Status, row[6].Attempts, row[6].Error));
        Assert.Equal((DeliveryStatus.Failed, 1), (row[7].Status, row[7].Attempts));
        Assert.StartsWith("Twilio 21408: Permission to send an SMS", row[7].Error);
        await using var db = await world.ContextAsync();
        var phoneHashes = await db.Contacts.Where(c => contacts.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => Convert.ToHexString(c.PhoneHash!));
        var suppressed = (await db.SuppressedAddresses.Where(s => s.Channel == Channel.Sms).ToListAsync())
            .ToDictionary(s => Convert.ToHexString(s.AddressHash), s => s.Reason);
        Assert.Equal(
            new[] { phoneHashes[contacts[5]], phoneHashes[contacts[6]] }.Order(),
            suppressed.Keys.Order());
        Assert.All(suppressed.Values, reason => Assert.Equal(SuppressionReason.HardBounce, reason));
        Assert.True(world.Errors.FromApp.Count == 0, string.Join('\n', world.Errors.FromApp));
    }

    [Fact]
    public async Task FcmFaults_TransientRetriedAfterRetryAfterThenSent_LastingFailAfterMaxAttempts_UnregisteredTokensRemoved()
    {
        await using var fcm = await FcmStandIn.StartAsync();
        var settings = fcm.Settings;
        settings["Channels:Fcm:TimeoutSeconds"] = "2";
        await using var world = await StartAsync(settings);
        var contacts = await world.AddContactsAsync(6);
        await world.AddPushTokensAsync(contacts[0], "token-dead");
        await world.AddPushTokensAsync(contacts[1], "token-live-1", "token-dead-1");
        await world.AddPushTokensAsync(contacts[2], "token-quota");
        await world.AddPushTokensAsync(contacts[3], "token-unavailable");
        await world.AddPushTokensAsync(contacts[4], "token-slow");
        fcm.SetReplyFor("token-dead", FcmStandIn.Unregistered());
        fcm.SetReplyFor("token-dead-1", FcmStandIn.Unregistered());
        fcm.When(FirstTime("token-quota", FcmStandIn.QuotaExceeded(TimeSpan.FromSeconds(3))));
        fcm.SetReplyFor("token-unavailable", FcmStandIn.Unavailable());
        fcm.When(FirstTime("token-slow", StandInReply.Slow(TimeSpan.FromSeconds(4))));

        var id = await world.SchedulePushCampaignAsync("FCM faults");

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = (await world.RowsAsync(id)).ToDictionary(r => r.ContactId);
        var row = contacts.Select(c => rows[c]).ToList();
        var requests = fcm.Requests.ToLookup(r => r.Token!);
        foreach (var n in Enumerable.Range(0, 6))
        {
            output.WriteLine($"contact {n}: {row[n].Status} {row[n].SkipReason}, {row[n].Attempts} attempts, {row[n].Error}");
        }

        // Every device token dead: failed with FCM's reason, and the token removed from the contact.
        Assert.Equal((DeliveryStatus.Failed, 1, "FCM 404 UNREGISTERED: Requested entity was not found."), (row[0].Status, row[0].Attempts, row[0].Error));
        // One device of two dead: sent to the other, the dead one removed.
        Assert.Equal((DeliveryStatus.Sent, 1), (row[1].Status, row[1].Attempts));
        // 429 with Retry-After, an answer after the timeout: sent on the second try, not before Retry-After.
        Assert.Equal((DeliveryStatus.Sent, 2), (row[2].Status, row[2].Attempts));
        var quota = requests["token-quota"].Select(r => r.ArrivedAt).ToList();
        Assert.True(quota[1] - quota[0] >= TimeSpan.FromSeconds(2.95), $"retried {(quota[1] - quota[0]).TotalSeconds:F2} s after a 429 with Retry-After: 3");
        Assert.Equal((DeliveryStatus.Sent, 2), (row[4].Status, row[4].Attempts));
        // 503 every time: failed after MaxAttempts with FCM's reason.
        Assert.Equal((DeliveryStatus.Failed, MaxAttempts, "Gave up after 3 attempts: FCM 503 UNAVAILABLE: The service is currently unavailable."), (row[3].Status, row[3].Attempts, row[3].Error));
        Assert.Equal(MaxAttempts, requests["token-unavailable"].Count());
        // No token, no push.
        Assert.Equal((DeliveryStatus.Skipped, SkipReason.NoAddress), (row[5].Status, row[5].SkipReason));

        await using var db = await world.ContextAsync();
        var tokens = await db.ContactPushTokens.Select(t => new { t.ContactId, t.TokenCipher }).ToListAsync();
        var pii = world.App.Services.GetRequiredService<CampaignStudio.Features.Audience.Pii.PiiProtector>();
        var left = tokens.Select(t => pii.Decrypt(t.TokenCipher)).Order().ToList();
        Assert.Equal(["token-live-1", "token-quota", "token-slow", "token-unavailable"], left);
        Assert.DoesNotContain(tokens, t => t.ContactId == contacts[0]);
        Assert.True(world.Errors.FromApp.Count == 0, string.Join('\n', world.Errors.FromApp));
    }

    /// <summary>The reply for the first request to <paramref name="recipient"/>; later ones go through.</summary>
    private static Func<string, StandInReply?> FirstTime(string recipient, StandInReply reply)
    {
        var seen = 0;
        return to => to == recipient && Interlocked.Increment(ref seen) == 1 ? reply : null;
    }

    private Task<FaultWorld> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Campaigns:Delivery:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return FaultWorld.StartAsync(kind, settings, engine: true);
    }
}
