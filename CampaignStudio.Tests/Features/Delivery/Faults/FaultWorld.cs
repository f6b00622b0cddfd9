using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// A database with a manager, a segment "Everyone" (tag <c>all</c>) and contacts with real encrypted phone numbers,
/// reached through the app in this process. With <c>engine: false</c> (for tests that send from separate app
/// processes) this process only seeds, schedules and reads; with <c>engine: true</c> it sends too, through whatever
/// providers its settings configure — real channels, no scripted ones.
/// </summary>
public sealed class FaultWorld : IAsyncDisposable
{
    public const string ManagerEmail = "max@example.test";
    public const string FromNumber = "+14155550100";

    private FaultWorld(TestApp app, ErrorLog errors)
    {
        App = app;
        Errors = errors;
    }

    public TestApp App { get; }

    /// <summary>What the app in this process logged at Error or above (a worker that failed, a save that threw).</summary>
    public ErrorLog Errors { get; }

    public TestDatabase Database => App.Database;

    public int SegmentId { get; private set; }

    /// <summary>The engine settings of the fault tests: fast scans and polls, short retries.</summary>
    public static Dictionary<string, string?> FastEngine => new()
    {
        ["Campaigns:Delivery:Enabled"] = "true",
        ["Campaigns:Delivery:PollMilliseconds"] = "100",
        ["Campaigns:Delivery:ScanIntervalSeconds"] = "1",
        ["Campaigns:Delivery:RetryBaseSeconds"] = "1",
        ["Campaigns:Delivery:RetryMaxSeconds"] = "2",
        ["Campaigns:Delivery:PublicBaseUrl"] = "https://campaigns.acme.example",
    };

    /// <summary>The settings that send SMS through <paramref name="twilio"/> from <see cref="FromNumber"/>.</summary>
    public static Dictionary<string, string?> SmsThrough(TwilioStandIn twilio) => new(twilio.Settings)
    {
        ["Channels:Twilio:FromNumber"] = FromNumber,
        ["Channels:Twilio:TimeoutSeconds"] = "5",
    };

    /// <summary>The settings of an app process that sends SMS through <paramref name="twilio"/> at <paramref name="smsRate"/> messages a second as <paramref name="instance"/>.</summary>
    public static Dictionary<string, string?> SendingProcess(TwilioStandIn twilio, string instance, int smsRate)
    {
        var settings = FastEngine;
        foreach (var (key, value) in SmsThrough(twilio))
        {
            settings[key] = value;
        }

        settings["Campaigns:Delivery:InstanceName"] = instance;
        settings["Campaigns:Delivery:RatePerSecond:Sms"] = smsRate.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    public static async Task<FaultWorld> StartAsync(DatabaseKind kind, IDictionary<string, string?>? settings = null, bool engine = false)
    {
        var all = engine ? FastEngine : new Dictionary<string, string?> { ["Campaigns:Delivery:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var errors = new ErrorLog();
        var app = await TestApp.StartAsync(kind, all, services => services.AddSingleton<ILoggerProvider>(errors));
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager, name: "Max Manager");
        var world = new FaultWorld(app, errors);
        world.SegmentId = (await world.AsManagerAsync<SegmentService, SegmentDetails>(s => s.CreateAsync("Everyone", null, Where(Tag("all"))))).Id;
        return world;
    }

    /// <summary>Contact <paramref name="n"/>'s phone number: +9198200 and five digits.</summary>
    public static string Phone(int n) => "+9198200" + n.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Adds contacts n = 0…<paramref name="count"/>−1 with phone <see cref="Phone"/>(n), tagged <c>all</c>, SMS and push consent granted; returns their ids in order.</summary>
    public async Task<IReadOnlyList<long>> AddContactsAsync(int count, Action<int, Contact>? customize = null)
    {
        var pii = App.Services.GetRequiredService<PiiProtector>();
        var ids = new List<long>(count);
        for (var start = 0; start < count; start += 5000)
        {
            await using var db = await ContextAsync();
            var batch = new List<Contact>();
            for (var n = start; n < Math.Min(count, start + 5000); n++)
            {
                var contact = new Contact(DateTime.UtcNow) { FirstName = "Person" + n.ToString(CultureInfo.InvariantCulture), LastName = "Test" };
                contact.SetPhone(pii.Seal(Phone(n)), "IN");
                contact.AddTag("all");
                contact.SetConsent(Channel.Sms, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow);
                contact.SetConsent(Channel.Push, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow);
                customize?.Invoke(n, contact);
                batch.Add(contact);
            }

            // Set-based, as a CSV import writes them: seeding stays a small part of each test.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await NewContactWriter.InsertAsync(db, batch, CancellationToken.None);
            await transaction.CommitAsync();
            ids.AddRange(batch.Select(c => c.Id));
        }

        return ids;
    }

    /// <summary>Registers device <paramref name="tokens"/> for a contact, as the app's SDK would.</summary>
    public async Task AddPushTokensAsync(long contactId, params string[] tokens)
    {
        var pii = App.Services.GetRequiredService<PiiProtector>();
        await using var db = await ContextAsync();
        foreach (var token in tokens)
        {
            db.ContactPushTokens.Add(new ContactPushToken(contactId, pii.Seal(token), "android", DateTime.UtcNow));
        }

        await db.SaveChangesAsync();
    }

    /// <summary>An SMS campaign to "Everyone", scheduled to send now.</summary>
    public Task<int> ScheduleSmsCampaignAsync(string name) =>
        ScheduleAsync(name, Channel.Sms, new CampaignContent { Sms = new SmsContent { Text = "Hi {{ contact.first_name }}, festive prices until Sunday." } });

    /// <summary>A push campaign to "Everyone", scheduled to send now.</summary>
    public Task<int> SchedulePushCampaignAsync(string name) =>
        ScheduleAsync(name, Channel.Push, new CampaignContent { Push = new PushContent { Title = "Festive prices", Body = "Hi {{ contact.first_name }}, until Sunday." } });

    public async Task<T> AsManagerAsync<TService, T>(Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = await App.ScopeForUserAsync(ManagerEmail);
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<Campaign> CampaignAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == campaignId);
    }

    public async Task<CampaignStatus> StatusAsync(int campaignId) => (await CampaignAsync(campaignId)).Status;

    /// <summary>Waits until the campaign has <paramref name="status"/> (or the time is up) and returns the status it has then.</summary>
    public async Task<CampaignStatus> WaitForStatusAsync(int campaignId, CampaignStatus status, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        CampaignStatus now;
        while ((now = await StatusAsync(campaignId)) != status && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        return now;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30, string? what = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {seconds} s for {what ?? "a condition"}.");
            }

            await Task.Delay(50);
        }
    }

    public async Task<List<DeliveryRecord>> RowsAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Deliveries.AsNoTracking().Where(d => d.CampaignId == campaignId).OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>The campaign's status and its rows by status, attempts and lease lapses: what a failed wait reports.</summary>
    public async Task<string> DescribeAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        var status = await StatusAsync(campaignId);
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.CampaignId == campaignId)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count(), Retried = g.Count(d => d.Attempts > 1), Lapsed = g.Count(d => d.LeaseLapses > 0) })
            .ToListAsync();
        var byStatus = rows.Count == 0 ? "no rows" : string.Join(", ", rows.OrderBy(r => r.Status).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Count:N0} {r.Status} ({r.Retried:N0} tried more than once, {r.Lapsed:N0} with a lease lapse)")));
        return $"campaign {campaignId} is {status}; its rows: {byStatus}";
    }

    /// <summary>How many of the campaign's rows are still pending or in flight.</summary>
    public async Task<int> OpenRowsAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Deliveries.CountAsync(d => d.CampaignId == campaignId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.InFlight));
    }

    public async Task<AppDbContext> ContextAsync() => await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();

    private Task<int> ScheduleAsync(string name, Channel channel, CampaignContent content) =>
        AsManagerAsync<CampaignService, int>(async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [SegmentId] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [channel], Content = content }, draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
            return (await s.ScheduleAsync(draft.Id, draft.Revision)).Id;
        });
}
