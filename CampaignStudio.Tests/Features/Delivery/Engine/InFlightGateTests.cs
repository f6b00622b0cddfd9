using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

public sealed class InFlightGateTests
{
    private static InFlightGate Gate(int email = 16) =>
        new(Options.Create(new DeliveryOptions { MessagesInFlight = new DeliveryOptions.ChannelInFlight { Email = email } }));

    [Fact]
    public async Task Acquire_UpToTheCapacity_ThenWaitsUntilAnsweredMessagesGiveTheirPlacesBack()
    {
        var gate = Gate(email: 16);

        Assert.Equal(10, await gate.AcquireAsync(Channel.Email, 10, CancellationToken.None));
        var next = gate.AcquireAsync(Channel.Email, 10, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(next.IsCompleted);

        gate.Release(Channel.Email, 10);
        Assert.Equal(10, await next.WaitAsync(TimeSpan.FromSeconds(5)));
        // Each channel has places of its own.
        Assert.Equal(64, await gate.AcquireAsync(Channel.Sms, 64, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task TwoTakersNeedingMoreThanHalfEach_OneWaitsForTheOther_NeitherHoldsPartOfWhatItNeeds()
    {
        var gate = Gate(email: 16);
        var first = await gate.AcquireAsync(Channel.Email, 6, CancellationToken.None);

        // Both want 10 of the 10 left between them: had each taken part, they would wait for each other forever.
        var a = gate.AcquireAsync(Channel.Email, 10, CancellationToken.None);
        var b = gate.AcquireAsync(Channel.Email, 10, CancellationToken.None);
        var winner = await Task.WhenAny(a, b).WaitAsync(TimeSpan.FromSeconds(5));
        var loser = winner == a ? b : a;
        await Task.Delay(100);
        Assert.False(loser.IsCompleted);

        gate.Release(Channel.Email, first);
        gate.Release(Channel.Email, await winner);
        Assert.Equal(10, await loser.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_GivesBackWhatItHadTaken()
    {
        var gate = Gate(email: 16);
        var held = await gate.AcquireAsync(Channel.Email, 12, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.AcquireAsync(Channel.Email, 8, cancel.Token);
        await Task.Delay(100);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        gate.Release(Channel.Email, held);
        Assert.Equal(16, await gate.AcquireAsync(Channel.Email, 16, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Acquire_MoreThanTheCapacity_TakesTheCapacity()
    {
        var gate = Gate(email: 16);

        Assert.Equal(16, await gate.AcquireAsync(Channel.Email, 64, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(16, gate.Capacity(Channel.Email));
    }

    [Theory]
    [InlineData("Campaigns:Delivery:MessagesInFlight:Email", "8", "MessagesInFlight")]
    [InlineData("Campaigns:Delivery:Concurrency:Sms", "0", "Concurrency")]
    public async Task Start_WithAnOutOfRangeChannelSetting_IsRefusedAndNamesIt(string key, string value, string named)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { [key] = value });
        });

        var refused = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(named, refused.Message);
    }
}
