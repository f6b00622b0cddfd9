using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Tests.TestSupport;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// Invariant 6: two app processes (different instance names) on one MariaDB send one 10,000-recipient SMS campaign
/// together through the Twilio stand-in. Claims, not timers, decide who sends: both take part, nobody gets the message
/// twice, and the campaign starts and completes once.
/// </summary>
[Collection(DeliveryFaultsCollection.Name)]
public sealed class TwoInstancesTests(ITestOutputHelper output)
{
    private const int Recipients = 10_000;

    [Fact]
    public async Task TwoInstancesOnOneMariaDb_SendOneCampaignTogether_NobodyTwiceBothClaimed_CompletedOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var twilio = await TwilioStandIn.StartAsync();
        await using var world = await FaultWorld.StartAsync(DatabaseKind.MySql);
        await world.AddContactsAsync(Recipients);
        output.WriteLine($"{Recipients:N0} contacts seeded at {clock.Elapsed.TotalSeconds:F1} s");
        var starting = new[] { "alpha", "beta" }.Select(name => AppServerProcess.StartAsync(name, world.Database, FaultWorld.SendingProcess(twilio, name, smsRate: 1000), output)).ToList();
        await using var alpha = await starting[0];
        await using var beta = await starting[1];
        output.WriteLine($"both instances listening at {clock.Elapsed.TotalSeconds:F1} s");

        var id = await world.ScheduleSmsCampaignAsync("Two instances");
        await using var watch = CompletionWatch.Start(world, id);
        var final = await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 90);
        output.WriteLine($"at {clock.Elapsed.TotalSeconds:F1} s the stand-in had accepted {twilio.AcceptedCount:N0}; {await world.DescribeAsync(id)}");
        Assert.Equal(CampaignStatus.Completed, final);
        await watch.DisposeAsync();
        string Line(string what) => string.Create(CultureInfo.InvariantCulture, $"Campaign {id} {what}");
        IEnumerable<string> Both(string text) => alpha.Lines(text).Concat(beta.Lines(text));
        await FaultWorld.WaitUntilAsync(() => Task.FromResult(Both(Line("completed")).Any()), seconds: 10, what: "the completion in a log");
        await Task.WhenAll(alpha.StopAsync(), beta.StopAsync());

        var rows = await world.RowsAsync(id);
        Assert.Equal(Recipients, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 1, 0), (r.Status, r.Attempts, r.LeaseLapses)));
        Assert.Null(watch.Violation);

        var received = twilio.Requests.Where(r => r.Accepted).GroupBy(r => r.To!).ToDictionary(g => g.Key, g => g.Count());
        var byInstance = rows.GroupBy(r => r.ClaimedBy ?? "").ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{received.Values.Sum():N0} messages for {received.Count:N0} recipients; claimed by {string.Join(", ", byInstance.Select(i => $"{i.Key} {i.Value:N0}"))}; busiest second {twilio.PeakAccepted():N0}");
        Assert.Equal(Recipients, received.Count);
        Assert.All(received, r => Assert.True(r.Value == 1, $"{r.Key} got {r.Value} messages"));
        Assert.Equal(["alpha", "beta"], byInstance.Keys.Order());

        // One start and one completion between the two of them (each instance's scanner and workers tried both), and
        // no failure of the app's own (a worker that failed, a start that failed) in either.
        Assert.Single(Both(Line("started sending")));
        Assert.Single(Both(Line("completed")));
        var failures = Both("fail: CampaignStudio.").ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
