using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>
/// The app with a stopped clock and five people: Ada and Adi (admins), Max (campaign manager, who creates the campaign
/// "Diwali offer"), Mia (another campaign manager) and Ann (analyst). Nobody follows the campaign yet.
/// </summary>
public sealed class NotificationWorld : IAsyncDisposable
{
    public const string Ada = TestApp.AdminEmail;
    public const string Adi = "adi@example.test";
    public const string Max = CampaignWorld.ManagerEmail;
    public const string Mia = "mia@example.test";
    public const string Ann = CampaignWorld.AnalystEmail;
    public const string CampaignName = "Diwali offer";

    private readonly Dictionary<string, string> ids = new(StringComparer.OrdinalIgnoreCase);

    private NotificationWorld(TestApp app, FakeTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public TestApp App { get; }

    public FakeTimeProvider Clock { get; }

    public int CampaignId { get; private set; }

    public ICampaignNotifier Notifier => App.Services.GetRequiredService<ICampaignNotifier>();

    public NotificationHub Hub => App.Services.GetRequiredService<NotificationHub>();

    public static async Task<NotificationWorld> StartAsync(DatabaseKind kind, bool kestrel = false, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var clock = CampaignWorld.Clock();
        TestApp app;
        if (kestrel)
        {
            // A browser needs real time: its circuit times out otherwise.
            app = await TestApp.StartAsync(kind, settings, services: services, kestrel: true);
            await app.CreateFirstAdminAsync();
            await app.CreateUserAsync(Max, Roles.CampaignManager, name: CampaignWorld.ManagerName);
            await app.CreateUserAsync(Ann, Roles.Analyst, name: "Ann Analyst");
        }
        else
        {
            app = await CampaignWorld.StartAsync(kind, clock, services, settings);
        }

        await app.CreateUserAsync(Adi, Roles.Admin, name: "Adi Admin");
        await app.CreateUserAsync(Mia, Roles.CampaignManager, name: "Mia Manager");
        var world = new NotificationWorld(app, clock);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var email in new[] { Ada, Adi, Max, Mia, Ann })
            {
                world.ids[email] = (await users.FindByEmailAsync(email))!.Id;
            }
        }

        world.CampaignId = await world.CreateCampaignAsync(CampaignName);
        return world;
    }

    /// <summary>People by their emails, in the order <see cref="ToldAsync"/> lists them.</summary>
    public static string[] People(params string[] emails) => [.. emails.Order(StringComparer.Ordinal)];

    public string Id(string email) => ids[email];

    public string EmailOf(string userId) => ids.Single(p => p.Value == userId).Key;

    /// <summary>A draft created by Max.</summary>
    public async Task<int> CreateCampaignAsync(string name) =>
        (await CampaignWorld.AsManagerAsync(App, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = name }))).Id;

    /// <summary>What the engine raises; without a <paramref name="key"/>, one of its own per kind and campaign.</summary>
    public CampaignNotification Notification(NotificationKind kind = NotificationKind.Started, string? key = null, int? campaignId = null, string? title = null)
    {
        var id = campaignId ?? CampaignId;
        return new CampaignNotification(
            kind,
            id,
            CampaignName,
            title ?? $"{CampaignName}: {kind.Display()}",
            $"Something happened to {CampaignName}: {kind.Describe()}",
            key ?? $"{kind.ToString().ToLowerInvariant()}:{id}");
    }

    public Task NotifyAsync(CampaignNotification notification) => Notifier.NotifyAsync(notification, CancellationToken.None);

    /// <summary>A notifier of its own, as another app instance (or the same one after a restart) has.</summary>
    public CampaignNotifier AnotherNotifier() => ActivatorUtilities.CreateInstance<CampaignNotifier>(App.Services);

    public async Task<List<Notification>> RowsAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>The emails of the people told, in order of their emails.</summary>
    public async Task<string[]> ToldAsync(string? key = null) =>
        [.. (await RowsAsync()).Where(r => key is null || r.Key == key).Select(r => EmailOf(r.UserId)).Order(StringComparer.Ordinal)];

    public Task<T> AsAsync<T>(string email, Func<NotificationService, Task<T>> act) => CampaignWorld.AsAsync(App, email, act);

    public Task AsAsync(string email, Func<NotificationService, Task> act) =>
        CampaignWorld.AsAsync<NotificationService, bool>(App, email, async s =>
        {
            await act(s);
            return true;
        });

    public Task<int> UnreadAsync(string email) => AsAsync(email, s => s.CountUnreadAsync());

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
