using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// The scanner with a fake clock (workers off): due campaigns start, late ones only within the grace window, missed
/// ones wait for "start now", and recipient-local-time campaigns release each time-zone wave at its hour.
/// </summary>
public abstract class DueCampaignScannerTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DueCampaignScannerTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DueCampaignScannerTests(DatabaseKind.MySql);

    /// <summary>Monday 1 June 2026, 12:00 UTC.</summary>
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);

    /// <summary>Tuesday 2 June 2026 09:30 in India = 04:00 UTC.</summary>
    private static readonly CampaignScheduleInput TomorrowInIndia = new() { Kind = CampaignScheduleKind.At, Date = "2026-06-02", Time = "09:30", TimeZone = "Asia/Kolkata" };

    private static readonly DateTime DueUtc = new(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Scan_BeforeTheTime_DoesNothing_AtTheTime_StartsAndFreezesTheAudience()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(5);
        var id = await world.ScheduleCampaignAsync("On time", [Channel.Email, Channel.Sms], TomorrowInIndia);

        clock.SetUtcNow(DueUtc.AddSeconds(-1));
        await ScanAsync(world);
        Assert.Equal(CampaignStatus.Scheduled, await world.StatusAsync(id));
        Assert.Empty(await world.RowsAsync(id));

        clock.SetUtcNow(DueUtc.AddSeconds(3));
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        var rows = await world.RowsAsync(id);
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Pending, DueUtc.AddSeconds(3)), (r.Status, r.DueUtc)));
        Assert.Equal([NotificationKind.Started], world.Notes.For(id).Select(n => n.Kind));

        // A second scan (or a second instance) does not start it again.
        await ScanAsync(world);
        Assert.Equal(10, (await world.RowsAsync(id)).Count);
    }

    [Fact]
    public async Task Scan_AfterDowntimeWithinTheGraceWindow_Starts()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(2);
        var id = await world.ScheduleCampaignAsync("A little late", [Channel.Email], TomorrowInIndia);

        clock.SetUtcNow(DueUtc.AddMinutes(59));
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
    }

    [Fact]
    public async Task Scan_AfterDowntimeBeyondTheGraceWindow_WaitsForConfirmationAndTellsTheCreator_StartNowStartsIt()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(2);
        var id = await world.ScheduleCampaignAsync("Missed", [Channel.Email], TomorrowInIndia);

        clock.SetUtcNow(DueUtc.AddMinutes(61));
        await ScanAsync(world);
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Scheduled, await world.StatusAsync(id));
        Assert.Empty(await world.RowsAsync(id));
        var note = Assert.Single(world.Notes.For(id));
        Assert.Equal(NotificationKind.NeedsConfirmation, note.Kind);
        Assert.Contains("missed its send time", note.Title);
        var details = await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.GetAsync(id));
        Assert.NotNull(details.AwaitingConfirmationSinceUtc);
        Assert.Contains(CampaignAction.StartNow, details.AllowedActions);
        Assert.Equal(details.CreatedById, note.CreatorId);

        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ConfirmStartAsync(id));
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        Assert.Equal(2, (await world.RowsAsync(id)).Count);
    }

    [Fact]
    public async Task RecipientLocalTime_EachTimeZoneWaveIsReleasedAtItsLocalHour()
    {
        await using var world = await StartAsync();
        var ids = await world.AddContactsAsync(3, (n, c) => c.TimeZone = n switch { 0 => "Asia/Kolkata", 1 => "America/New_York", _ => null });
        var id = await world.ScheduleCampaignAsync("Morning everywhere", [Channel.Email], new CampaignScheduleInput { Kind = CampaignScheduleKind.RecipientLocalTime, Date = "2026-06-02", Time = "09:00" });

        // 09:00 reaches UTC+14 first: 2 June 09:00 − 14 h = 1 June 19:00 UTC.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 1, 19, 0, 1, TimeSpan.Zero));
        await ScanAsync(world);
        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        var due = (await world.RowsAsync(id)).ToDictionary(r => r.ContactId, r => r.DueUtc);
        Assert.Equal(new DateTime(2026, 6, 2, 3, 30, 0, DateTimeKind.Utc), due[ids[0]]);
        Assert.Equal(new DateTime(2026, 6, 2, 13, 0, 0, DateTimeKind.Utc), due[ids[1]]);
        Assert.Equal(new DateTime(2026, 6, 2, 9, 0, 0, DateTimeKind.Utc), due[ids[2]]);

        Assert.Empty(await ClaimAsync(world));
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 3, 30, 0, TimeSpan.Zero));
        Assert.Equal([ids[0]], await ClaimAsync(world));
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal([ids[2]], await ClaimAsync(world));
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 12, 59, 0, TimeSpan.Zero));
        Assert.Empty(await ClaimAsync(world));
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal([ids[1]], await ClaimAsync(world));
    }

    private Task<EngineWorld> StartAsync() => EngineWorld.StartAsync(
        kind,
        new Dictionary<string, string?> { ["Campaigns:Delivery:Enabled"] = "false", ["Campaigns:Delivery:GraceMinutes"] = "60" },
        s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });

    private static async Task ScanAsync(EngineWorld world) =>
        await world.App.Services.GetRequiredService<DueCampaignScanner>().ScanAsync(CancellationToken.None);

    /// <summary>Claims what is due now and records it as sent, as a worker would.</summary>
    private async Task<List<long>> ClaimAsync(EngineWorld world)
    {
        await using var batch = await world.App.Services.GetRequiredService<DeliveryLedger>().ClaimAsync(Channel.Email, 100, CancellationToken.None);
        if (batch is null)
        {
            return [];
        }

        foreach (var row in batch.Rows)
        {
            row.MarkSent("test", null, clock.GetUtcNow().UtcDateTime);
        }

        await batch.Db.SaveChangesAsync();
        return [.. batch.Rows.Select(r => r.ContactId)];
    }
}
