using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Tests.Features.Delivery.Engine;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Progress;

/// <summary>
/// The app (engine off) with a stopped clock and the campaign world; campaigns are brought to Sending as the engine
/// does, and their ledger rows are written here in whatever state a test needs, through the row's own transitions.
/// </summary>
public abstract class ProgressWorld(DatabaseKind kind) : IAsyncLifetime
{
    public sealed class OnSqlite() : ProgressWorld(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ProgressWorld(DatabaseKind.MySql);

    public FakeTimeProvider Clock { get; } = CampaignWorld.Clock();

    public TestApp App { get; private set; } = null!;

    public CampaignWorld.World World { get; private set; } = null!;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public CampaignProgressService Service => App.Services.GetRequiredService<CampaignProgressService>();

    public async Task InitializeAsync()
    {
        App = await CampaignWorld.StartAsync(kind, Clock, NotifierIfNone);
        World = await CampaignWorld.SeedAsync(App);
    }

    /// <summary>The engine needs someone to tell; a recording notifier where the app registers none.</summary>
    public static void NotifierIfNone(IServiceCollection services) => services.TryAddSingleton<ICampaignNotifier>(new RecordingNotifier());

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>An SMS to the dealers, scheduled to send now (the engine, which is off, would start it).</summary>
    public Task<int> ScheduledCampaignAsync(string name) => CampaignWorld.AsManagerAsync(App, async s =>
    {
        var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
        draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [World.Dealers] }, draft.Revision, 1);
        draft = await s.SaveContentAsync(draft.Id, CampaignWorld.SmsContent("Festive prices until Sunday."), draft.Revision, 2);
        draft = await s.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
        return (await s.ScheduleAsync(draft.Id, draft.Revision)).Id;
    });

    /// <summary>A campaign that started sending now.</summary>
    public async Task<int> SendingCampaignAsync(string name)
    {
        var id = await ScheduledCampaignAsync(name);
        await using var db = await ContextAsync();
        (await db.Campaigns.SingleAsync(c => c.Id == id)).MarkSending(Now);
        await db.SaveChangesAsync();
        return id;
    }

    public async Task ChangeCampaignAsync(int id, Action<Campaign> change)
    {
        await using var db = await ContextAsync();
        change(await db.Campaigns.SingleAsync(c => c.Id == id));
        await db.SaveChangesAsync();
    }

    public async Task AddRowsAsync(IEnumerable<DeliveryRecord> rows)
    {
        await using var db = await ContextAsync();
        db.Deliveries.AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Moves one ledger row on, as a worker or a provider report would.</summary>
    public async Task ChangeRowAsync(int campaignId, long contactId, Action<DeliveryRecord> change)
    {
        await using var db = await ContextAsync();
        change(await db.Deliveries.SingleAsync(d => d.CampaignId == campaignId && d.ContactId == contactId));
        await db.SaveChangesAsync();
    }

    public async Task<AppDbContext> ContextAsync() => await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
