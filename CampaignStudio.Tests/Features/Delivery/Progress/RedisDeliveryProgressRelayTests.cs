using System.Collections.Concurrent;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Progress;

/// <summary>
/// Progress changes between instances through a real redis-server on loopback: two hubs with a relay each (as two app
/// instances have), and two running apps configured with the same Redis; no echo of an instance's own changes;
/// registration only when configured; a bad connection string refused at start-up.
/// </summary>
public sealed class RedisDeliveryProgressRelayTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly string channel = "campaignstudio-test:" + Guid.NewGuid().ToString("N");
    private readonly List<IAsyncDisposable> cleanup = [];

    [Fact]
    public async Task Relay_ChangeInOneInstance_ReachesTheOtherInstancesSubscriber()
    {
        var (first, _) = await InstanceAsync();
        var (second, _) = await InstanceAsync();
        var heardBySecond = Listen(second);

        first.Changed(42);

        Assert.Equal(42, await heardBySecond.NextAsync());
    }

    [Fact]
    public async Task Relay_BothWays_EachInstanceHearsTheOthersChanges()
    {
        var (first, _) = await InstanceAsync();
        var (second, _) = await InstanceAsync();
        var heardByFirst = Listen(first);
        var heardBySecond = Listen(second);

        first.Changed(7);
        Assert.Equal(7, await heardBySecond.NextAsync());
        Assert.Equal(7, await heardByFirst.NextAsync());
        second.Changed(8);
        Assert.Equal(8, await heardByFirst.NextAsync());
        Assert.Equal(8, await heardBySecond.NextAsync());
    }

    [Fact]
    public async Task Relay_OwnChanges_AreHeardOnceNotAgainFromRedis()
    {
        var (first, _) = await InstanceAsync();
        var (second, _) = await InstanceAsync();
        var heardByFirst = Listen(first);
        var heardBySecond = Listen(second);

        first.Changed(5);
        Assert.Equal(5, await heardBySecond.NextAsync());
        Assert.Equal(5, await heardByFirst.NextAsync());
        // The second instance has heard it from Redis, so the first one's own copy came back by now too.
        await Task.Delay(DeliveryProgressHub.FlushInterval * 2);

        Assert.Equal([5], heardByFirst.All);
        Assert.Equal([5], heardBySecond.All);
    }

    [Fact]
    public async Task Relay_Stopped_NeitherPublishesNorDelivers()
    {
        var (first, firstRelay) = await InstanceAsync();
        var (second, _) = await InstanceAsync();
        var heardByFirst = Listen(first);
        var heardBySecond = Listen(second);

        await firstRelay.StopAsync(CancellationToken.None);
        first.Changed(11);
        second.Changed(12);
        Assert.Equal(11, await heardByFirst.NextAsync());
        Assert.Equal(12, await heardBySecond.NextAsync());
        await Task.Delay(DeliveryProgressHub.FlushInterval * 2);

        Assert.Equal([11], heardByFirst.All);
        Assert.Equal([12], heardBySecond.All);
    }

    [Fact]
    public async Task App_WithRedisConfigured_ChangesReachAPageOnAnotherInstance()
    {
        var settings = new Dictionary<string, string?> { ["Campaigns:Delivery:Redis"] = redis.ConnectionString, ["Campaigns:Delivery:RedisChannel"] = channel };
        await using var sending = await TestApp.StartAsync(DatabaseKind.Sqlite, settings, ProgressWorld.NotifierIfNone);
        await using var viewing = await TestApp.StartAsync(DatabaseKind.Sqlite, settings, ProgressWorld.NotifierIfNone);
        await sending.Services.GetRequiredService<RedisDeliveryProgressRelay>().Subscribed.WaitAsync(Patience);
        await viewing.Services.GetRequiredService<RedisDeliveryProgressRelay>().Subscribed.WaitAsync(Patience);
        var heard = Listen(viewing.Services.GetRequiredService<IDeliveryProgress>());

        sending.Services.GetRequiredService<IDeliveryProgress>().Changed(31);

        Assert.Equal(31, await heard.NextAsync());
    }

    [Fact]
    public async Task App_RedisDownAtStart_StartsAndItsOwnPagesUpdate_ThenRelaysOnceRedisIsUp()
    {
        var port = RedisServer.FreeLoopbackPort();
        var settings = new Dictionary<string, string?> { ["Campaigns:Delivery:Redis"] = $"127.0.0.1:{port},connectTimeout=1000", ["Campaigns:Delivery:RedisChannel"] = channel };
        var started = DateTime.UtcNow;
        await using var sending = await TestApp.StartAsync(DatabaseKind.Sqlite, settings, ProgressWorld.NotifierIfNone);
        await using var viewing = await TestApp.StartAsync(DatabaseKind.Sqlite, settings, ProgressWorld.NotifierIfNone);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), $"the apps took {(DateTime.UtcNow - started).TotalSeconds:F0} s to start without Redis");
        var heardLocally = Listen(sending.Services.GetRequiredService<IDeliveryProgress>());
        var heardElsewhere = Listen(viewing.Services.GetRequiredService<IDeliveryProgress>());

        sending.Services.GetRequiredService<IDeliveryProgress>().Changed(1);
        Assert.Equal(1, await heardLocally.NextAsync());

        await using var late = await RedisServer.StartAsync(port);
        await sending.Services.GetRequiredService<RedisDeliveryProgressRelay>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        await viewing.Services.GetRequiredService<RedisDeliveryProgressRelay>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));

        // Both multiplexers reconnect by themselves once Redis is up, each in its own time: a change published before
        // the viewing instance's subscription is re-established is not heard there. Keep changing until one arrives.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (heardElsewhere.All.Count == 0 && DateTime.UtcNow < deadline)
        {
            sending.Services.GetRequiredService<IDeliveryProgress>().Changed(2);
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }

        Assert.Equal(2, await heardElsewhere.NextAsync());
        Assert.All(heardElsewhere.All, id => Assert.Equal(2, id));
    }

    [Fact]
    public async Task App_WithoutRedis_HasNoRelay()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, services: ProgressWorld.NotifierIfNone);

        Assert.Null(app.Services.GetService<RedisDeliveryProgressRelay>());
        Assert.Null(app.Services.GetRequiredService<DeliveryProgressHub>().Relay);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=secret,flavour=strawberry", "not a valid Redis connection string")]
    [InlineData("password=secret", "names no server")]
    public async Task App_WithABadRedisConnectionString_RefusesToStartAndSaysWhy(string value, string expected)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Campaigns:Delivery:Redis"] = value }, ProgressWorld.NotifierIfNone);
        });

        var refused = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Campaigns:Delivery:Redis", refused.Message);
        Assert.Contains(expected, refused.Message);
        Assert.DoesNotContain("secret", refused.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(cleanup))
        {
            await item.DisposeAsync();
        }
    }

    /// <summary>One app instance's progress parts: its hub and its relay, started.</summary>
    private async Task<(DeliveryProgressHub Hub, RedisDeliveryProgressRelay Relay)> InstanceAsync()
    {
        var hub = new DeliveryProgressHub(TimeProvider.System, NullLogger<DeliveryProgressHub>.Instance);
        var relay = new RedisDeliveryProgressRelay(hub, Options.Create(new DeliveryOptions { Redis = redis.ConnectionString, RedisChannel = channel }), NullLogger<RedisDeliveryProgressRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        await relay.Subscribed.WaitAsync(Patience);
        cleanup.Add(new Cleanup(async () =>
        {
            await relay.StopAsync(CancellationToken.None);
            await relay.DisposeAsync();
            hub.Dispose();
        }));
        return (hub, relay);
    }

    private Heard Listen(IDeliveryProgress progress)
    {
        var heard = new Heard();
        cleanup.Add(new Cleanup(() =>
        {
            heard.Subscription?.Dispose();
            return ValueTask.CompletedTask;
        }));
        heard.Subscription = progress.Subscribe(heard.OnChangedAsync);
        return heard;
    }

    private sealed class Heard
    {
        private readonly ConcurrentQueue<int> all = new();
        private readonly SemaphoreSlim arrived = new(0);
        private int taken;

        public IDisposable? Subscription { get; set; }

        public IReadOnlyList<int> All => [.. all];

        public Task OnChangedAsync(int campaignId)
        {
            all.Enqueue(campaignId);
            arrived.Release();
            return Task.CompletedTask;
        }

        /// <summary>The next campaign id heard (in order), or a failure after a few seconds.</summary>
        public async Task<int> NextAsync()
        {
            Assert.True(await arrived.WaitAsync(Patience), $"No change arrived within {Patience.TotalSeconds} s.");
            return all.ElementAt(taken++);
        }
    }

    private sealed class Cleanup(Func<ValueTask> dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => dispose();
    }
}
