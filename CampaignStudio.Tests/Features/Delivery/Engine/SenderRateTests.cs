using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>A sender's own rate (<c>Campaigns:Delivery:SenderRatePerSecond</c>) below its channel's paces its messages as evenly as the channel's rate does.</summary>
public abstract class SenderRateTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SenderRateTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SenderRateTests(DatabaseKind.MySql);

    [Fact]
    public async Task SenderRateBelowTheChannels_BusiestSecondStaysWithinTheSendersRate()
    {
        const int rate = 40;
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:SenderRatePerSecond:offers@acme.example"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await world.AddContactsAsync(200);

        var id = await world.ScheduleCampaignAsync("Paced sender", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 60));
        var times = world.Email.Received.Select(r => r.AtUtc).Order().ToList();
        var peak = 0;
        for (int start = 0, end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        Assert.Equal(200, times.Count);
        Assert.True(peak <= rate * 105 / 100, $"{peak} messages in the busiest second at a sender rate of {rate}/s");
    }
}
