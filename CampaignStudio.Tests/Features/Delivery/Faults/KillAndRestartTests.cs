using System.Diagnostics;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Tests.TestSupport;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Invariant 1 with a real crash: an app process sending a 10,000-recipient SMS campaign through the Twilio stand-in
/// is killed with SIGKILL mid-send, and a new process on the same database finishes it. Nobody is skipped; the only
/// duplicates are messages that were in flight at the kill, and those are counted (rows with lease lapses).
/// </summary>
public abstract class KillAndRestartTests(DatabaseKind kind, ITestOutputHelper output)
{
    private const int Recipients = 10_000;
    private const int Rate = 2_000;

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnSqlite(ITestOutputHelper output) : KillAndRestartTests(DatabaseKind.Sqlite, output);

    [Collection(DeliveryFaultsCollection.Name)]
    public sealed class OnMySql(ITestOutputHelper output) : KillAndRestartTests(DatabaseKind.MySql, output);

    [Fact]
    public async Task SendingProcess_KilledMidSend_NewProcessFinishes_EveryoneSentOnceButTheCountedInFlight()
    {
        var clock = Stopwatch.StartNew();
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var world = await FaultWorld.StartAsync(kind);
        var ids = await world.AddContactsAsync(Recipients);
        output.WriteLine($"{kind}: {Recipients:N0} contacts seeded at {clock.Elapsed.TotalSeconds:F1} s");

        await using var first = await AppServerProcess.StartAsync("first", world.Database, Settings(twilio, "first"), output);
        var id = await world.ScheduleSmsCampaignAsync("Kill mid-send");
        await using var watch = CompletionWatch.Start(world, id);
        try
        {
            await FaultWorld.WaitUntilAsync(() => Task.FromResult(twilio.AcceptedCount >= Recipients * 3 / 10), seconds: 60, what: "the first 3,000 messages");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"at {clock.Elapsed.TotalSeconds:F1} s the stand-in had accepted {twilio.AcceptedCount:N0}; {await world.DescribeAsync(id)}");
            throw;
        }

        await first.KillAsync();
        var acceptedAtKill = twilio.AcceptedCount;
        var atKill = await world.RowsAsync(id);
        var inFlightAtKill = atKill.Count(r => r.Status == DeliveryStatus.InFlight);
        var sentAtKill = atKill.Count(r => r.Status == DeliveryStatus.Sent);
        output.WriteLine($"killed at {clock.Elapsed.TotalSeconds:F1} s: the stand-in had accepted {acceptedAtKill:N0}, the ledger had {sentAtKill:N0} sent, {inFlightAtKill:N0} in flight, {atKill.Count(r => r.Status == DeliveryStatus.Pending):N0} pending");
        Assert.Equal(Recipients, atKill.Count);
        Assert.True(sentAtKill < Recipients, "the campaign had finished before the kill; nothing was tested");

        // Nobody finishes it while no process runs.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));

        await using var second = await AppServerProcess.StartAsync("second", world.Database, Settings(twilio, "second"), output);
        output.WriteLine($"second process listening at {clock.Elapsed.TotalSeconds:F1} s");
        var final = await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 90);
        output.WriteLine($"at {clock.Elapsed.TotalSeconds:F1} s the stand-in had accepted {twilio.AcceptedCount:N0}; {await world.DescribeAsync(id)}");
        Assert.Equal(CampaignStatus.Completed, final);
        await watch.DisposeAsync();

        // Every recipient has exactly one row, and it is Sent.
        var rows = await world.RowsAsync(id);
        Assert.Equal(Recipients, rows.Select(r => r.ContactId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Null(watch.Violation);
        var campaign = await world.CampaignAsync(id);
        Assert.True(campaign.CompletedUtc >= rows.Max(r => r.UpdatedUtc), "the campaign was completed before its last row was recorded");

        // Every recipient got the message; the only duplicates are messages in flight at the kill, and they are counted.
        var rowByContact = rows.ToDictionary(r => r.ContactId);
        var rowByPhone = ids.Select((contactId, n) => (Phone: FaultWorld.Phone(n), Row: rowByContact[contactId])).ToDictionary(x => x.Phone, x => x.Row);
        var received = twilio.Requests.Where(r => r.Accepted).GroupBy(r => r.To!).ToDictionary(g => g.Key, g => g.Count());
        var lapsed = rows.Count(r => r.LeaseLapses > 0);
        var duplicated = received.Where(r => r.Value > 1).ToList();
        var duplicates = duplicated.Sum(r => r.Value - 1);
        output.WriteLine($"{kind}: {received.Values.Sum():N0} messages accepted for {received.Count:N0} recipients; in flight at the kill {inFlightAtKill:N0}, rows with a lease lapse {lapsed:N0}, duplicate messages {duplicates:N0} to {duplicated.Count:N0} recipients; attempts > 1 on {rows.Count(r => r.Attempts > 1):N0} rows");
        Assert.Equal(Recipients, received.Count);
        Assert.All(rowByPhone.Keys, phone => Assert.True(received.ContainsKey(phone), $"{phone} got nothing"));
        Assert.All(duplicated, d => Assert.True(rowByPhone[d.Key].LeaseLapses > 0, $"{d.Key} got {d.Value} messages but its row shows no lease lapse"));
        Assert.True(duplicates <= lapsed, $"{duplicates} duplicates, more than the {lapsed} rows whose lease lapsed");
        Assert.True(lapsed >= inFlightAtKill, $"{inFlightAtKill} rows were in flight at the kill but only {lapsed} show a lapse");
        // What was in flight at the kill was taken over by the new process. (Under heavy load the first process may also
        // have re-claimed its own rows after a lease ran out; those are counted above, not here.)
        var inFlightIds = atKill.Where(r => r.Status == DeliveryStatus.InFlight).Select(r => r.Id).ToHashSet();
        Assert.Equal(["second"], rows.Where(r => inFlightIds.Contains(r.Id)).Select(r => r.ClaimedBy).Distinct());
        Assert.True(second.Lines("fail: CampaignStudio.").Count == 0, string.Join('\n', second.Lines("fail: CampaignStudio.")));
    }

    /// <summary>A short lease, so the rows the killed process left in flight are claimed again within seconds.</summary>
    private static Dictionary<string, string?> Settings(TwilioStandIn twilio, string instance)
    {
        var settings = FaultWorld.SendingProcess(twilio, instance, Rate);
        settings["Campaigns:Delivery:LeaseSeconds"] = "5";
        return settings;
    }
}
