using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// The scanner and approval (fake clock, workers off): a campaign waiting for approval never starts, however late; once
/// approved it starts like any scheduled campaign, and one approved long after its time waits for "start now".
/// </summary>
public abstract class PendingApprovalScanTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : PendingApprovalScanTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : PendingApprovalScanTests(DatabaseKind.MySql);

    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Tuesday 2 June 2026 09:30 in India = 04:00 UTC.</summary>
    private static readonly CampaignScheduleInput TomorrowInIndia = new() { Kind = CampaignScheduleKind.At, Date = "2026-06-02", Time = "09:30", TimeZone = "Asia/Kolkata" };

    private static readonly DateTime DueUtc = new(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(Start);

    [Fact]
    public async Task Scan_NeverStartsACampaignWaitingForApproval_NeitherSendNowNorOneWhoseTimeCame()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(3);
        var atTime = await world.ScheduleCampaignAsync("At its time", [Channel.Email], TomorrowInIndia);
        var sendNow = await world.ScheduleCampaignAsync("Send now", [Channel.Sms]);

        foreach (var at in new[] { Start.UtcDateTime.AddMinutes(1), DueUtc, DueUtc.AddMinutes(30), DueUtc.AddDays(3) })
        {
            clock.SetUtcNow(at);
            await ScanAsync(world);
        }

        Assert.Equal(CampaignStatus.PendingApproval, await world.StatusAsync(atTime));
        Assert.Equal(CampaignStatus.PendingApproval, await world.StatusAsync(sendNow));
        Assert.Empty(await world.RowsAsync(atTime));
        Assert.Empty(await world.RowsAsync(sendNow));
        Assert.DoesNotContain(world.Notes.For(atTime), n => n.Kind != NotificationKind.ApprovalNeeded);
    }

    [Fact]
    public async Task Approved_WithinTheGraceWindowAfterItsTime_StartsAtTheNextScan()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(2);
        var id = await world.ScheduleCampaignAsync("Approved a little late", [Channel.Email], TomorrowInIndia);

        clock.SetUtcNow(DueUtc.AddMinutes(20));
        await ScanAsync(world);
        Assert.Equal(CampaignStatus.PendingApproval, await world.StatusAsync(id));
        await ApproveAsync(world, id);
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        Assert.Equal(2, (await world.RowsAsync(id)).Count);
    }

    [Fact]
    public async Task Approved_LongAfterItsTime_WaitsForStartNow_ThenStarts()
    {
        await using var world = await StartAsync();
        await world.AddContactsAsync(2);
        var id = await world.ScheduleCampaignAsync("Approved much too late", [Channel.Email], TomorrowInIndia);

        clock.SetUtcNow(DueUtc.AddHours(3));
        var approved = await ApproveAsync(world, id);
        await ScanAsync(world);

        Assert.Equal(CampaignStatus.Scheduled, await world.StatusAsync(id));
        Assert.NotNull(approved.AwaitingConfirmationSinceUtc);
        Assert.Empty(await world.RowsAsync(id));

        var confirmed = await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ConfirmStartAsync(id, approved.Revision));
        await ScanAsync(world);

        Assert.Null(confirmed.AwaitingConfirmationSinceUtc);
        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
    }

    private async Task<EngineWorld> StartAsync()
    {
        var world = await EngineWorld.StartAsync(
            kind,
            new Dictionary<string, string?> { ["Campaigns:Delivery:Enabled"] = "false", ["Campaigns:Delivery:GraceMinutes"] = "60" },
            s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(clock);
            });
        await using var scope = await world.App.ScopeForUserAsync(TestApp.AdminEmail);
        await scope.ServiceProvider.GetRequiredService<CampaignApprovalSettingsService>().SaveAsync(new CampaignApprovalSettings(true, false));
        return world;
    }

    /// <summary>The admin approves (the manager submitted it, so the four-eyes rule lets the admin).</summary>
    private static async Task<CampaignDetails> ApproveAsync(EngineWorld world, int id)
    {
        await using var scope = await world.App.ScopeForUserAsync(TestApp.AdminEmail);
        var service = scope.ServiceProvider.GetRequiredService<CampaignService>();
        var campaign = await service.GetAsync(id);
        return await service.ApproveAsync(id, campaign.Revision);
    }

    private static async Task ScanAsync(EngineWorld world) =>
        await world.App.Services.GetRequiredService<DueCampaignScanner>().ScanAsync(CancellationToken.None);
}
