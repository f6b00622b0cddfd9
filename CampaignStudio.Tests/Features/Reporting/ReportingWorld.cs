using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Reporting;

/// <summary>
/// The app (engine off) with a stopped clock at Monday 1 June 2026 12:00 UTC, the campaign world, an approver, and
/// <see cref="FixedCampaignMetrics"/> in place of tracking. Campaigns are written in whatever state and at whatever
/// times a test needs, through the campaign's own transitions.
/// </summary>
public abstract class ReportingWorld(DatabaseKind kind, bool browser = false) : IAsyncLifetime
{
    public const string ApproverEmail = "april@example.test";

    public static readonly Actor Priya = new("user-priya", "Priya Nair");

    public sealed class OnSqlite() : ReportingWorld(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ReportingWorld(DatabaseKind.MySql);

    /// <summary>For a browser: the app on a loopback port with the real clock (sign-in cookies live in real time).</summary>
    public sealed class InBrowser() : ReportingWorld(DatabaseKind.Sqlite, browser: true);

    public FakeTimeProvider Clock { get; } = CampaignWorld.Clock();

    public FixedCampaignMetrics Metrics { get; } = new();

    public TestApp App { get; private set; } = null!;

    public CampaignWorld.World World { get; private set; } = null!;

    public DateTime Now => browser ? DateTime.UtcNow : Clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        void UseFixedMetrics(IServiceCollection s)
        {
            s.RemoveAll<ICampaignMetrics>();
            s.AddSingleton<ICampaignMetrics>(Metrics);
        }

        if (browser)
        {
            App = await TestApp.StartAsync(kind, services: UseFixedMetrics, kestrel: true);
            await App.CreateFirstAdminAsync();
            await App.CreateUserAsync(CampaignWorld.ManagerEmail, Roles.CampaignManager, name: CampaignWorld.ManagerName);
            await App.CreateUserAsync(CampaignWorld.AnalystEmail, Roles.Analyst, name: "Ann Analyst");
        }
        else
        {
            App = await CampaignWorld.StartAsync(kind, Clock, UseFixedMetrics);
        }

        await App.CreateUserAsync(ApproverEmail, Roles.Approver, name: "April Approver");
        World = await CampaignWorld.SeedAsync(App);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>A campaign scheduled for <paramref name="at"/>.</summary>
    public Task<int> ScheduledAsync(string name, DateTime at, int? audience = null, CampaignChannels channels = CampaignChannels.Sms) =>
        AddAsync(name, CampaignStatus.Scheduled, scheduledFor: at, audience: audience, channels: channels);

    /// <summary>
    /// A campaign in <paramref name="status"/>: scheduled for <paramref name="scheduledFor"/>, or started at
    /// <paramref name="started"/> and (completed, stopped, failed) finished at <paramref name="finished"/>.
    /// </summary>
    public async Task<int> AddAsync(
        string name,
        CampaignStatus status,
        DateTime? scheduledFor = null,
        DateTime? started = null,
        DateTime? finished = null,
        CampaignChannels channels = CampaignChannels.Sms,
        Actor? creator = null,
        int[]? segments = null,
        int? audience = null)
    {
        var by = creator ?? Campaigns.Campaigns.Rohan;
        var created = (started ?? scheduledFor ?? Now).AddDays(-3);
        var campaign = new Campaign(new CampaignBasics(name, null), by, created);
        var include = (segments ?? [World.Dealers]).Select(id => new SegmentChoice(id, "segment")).ToList();
        campaign.UpdateAudience(new CampaignAudience(include, []), audience, campaign.Revision, by, created, 1);
        var content = new CampaignContent
        {
            Sms = channels.Includes(CampaignStudio.Features.Shared.Channel.Sms) ? new SmsContent { Text = "Festive prices until Sunday." } : null,
            Push = channels.Includes(CampaignStudio.Features.Shared.Channel.Push) ? new PushContent { Title = "Festive prices", Body = "Until Sunday." } : null,
        };
        campaign.UpdateContent(channels, content, campaign.Revision, by, created, 2);
        if (status == CampaignStatus.Scheduled)
        {
            var at = scheduledFor ?? throw new ArgumentException("A scheduled campaign needs its time.", nameof(scheduledFor));
            campaign.UpdateSchedule(CampaignSchedule.At(DateOnly.FromDateTime(at), TimeOnly.FromDateTime(at), "UTC"), campaign.Revision, by, created, 3);
            campaign.Schedule(by, created);
        }
        else if (status != CampaignStatus.Draft)
        {
            var start = started ?? throw new ArgumentException("A campaign past scheduled needs its start.", nameof(started));
            campaign.UpdateSchedule(CampaignSchedule.SendNow(), campaign.Revision, by, created, 3);
            campaign.Schedule(by, start);
            campaign.MarkSending(start);
            var end = finished ?? start.AddMinutes(30);
            switch (status)
            {
                case CampaignStatus.Paused:
                    campaign.Pause(by, start.AddMinutes(1));
                    break;
                case CampaignStatus.Completed:
                    campaign.MarkCompleted(end);
                    break;
                case CampaignStatus.Stopped:
                    campaign.Stop(by, end);
                    break;
                case CampaignStatus.Failed:
                    campaign.MarkFailed("The SMS provider refused the account.", end);
                    break;
            }
        }

        await using var db = await ContextAsync();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    public async Task<T> AsAsync<TService, T>(string email, Func<TService, Task<T>> act)
        where TService : notnull => await CampaignWorld.AsAsync(App, email, act);

    public async Task<AppDbContext> ContextAsync() => await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
