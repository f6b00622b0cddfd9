using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// The app with its sending engine on (fast polls and scans), scripted email and SMS channels, a recording notifier,
/// a manager, a verified sender and a segment "Everyone" (tag <c>all</c>). Contacts are added with real encrypted
/// addresses and granted consent; campaigns are created and scheduled through the campaign service, as people do.
/// </summary>
public sealed class EngineWorld : IAsyncDisposable
{
    public const string ManagerEmail = "max@example.test";

    private EngineWorld(TestApp app, ScriptedChannel email, ScriptedChannel sms, RecordingNotifier notes)
    {
        App = app;
        Email = email;
        Sms = sms;
        Notes = notes;
    }

    public TestApp App { get; }

    public ScriptedChannel Email { get; }

    public ScriptedChannel Sms { get; }

    public RecordingNotifier Notes { get; }

    public int SegmentId { get; private set; }

    public int SenderId { get; private set; }

    /// <param name="scriptedEmail">False leaves email to the app's own channel (SMTP when configured in <paramref name="settings"/>).</param>
    public static async Task<EngineWorld> StartAsync(DatabaseKind kind, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool kestrel = false, bool scriptedEmail = true)
    {
        var email = new ScriptedChannel(Channel.Email, "SMTP");
        var sms = new ScriptedChannel(Channel.Sms, "Twilio");
        var notes = new RecordingNotifier();
        var all = new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:Enabled"] = "true",
            ["Campaigns:Delivery:PollMilliseconds"] = "100",
            ["Campaigns:Delivery:ScanIntervalSeconds"] = "1",
            ["Campaigns:Delivery:RetryBaseSeconds"] = "1",
            ["Campaigns:Delivery:RetryMaxSeconds"] = "2",
            ["Campaigns:Delivery:RatePerSecond:Email"] = "5000",
            ["Campaigns:Delivery:RatePerSecond:Sms"] = "5000",
            ["Campaigns:Delivery:PublicBaseUrl"] = "https://campaigns.acme.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = await TestApp.StartAsync(kind, all, s =>
        {
            if (scriptedEmail)
            {
                s.AddSingleton<IChannel>(email);
            }

            s.AddSingleton<IChannel>(sms);
            s.RemoveAll<ICampaignNotifier>();
            s.AddSingleton<ICampaignNotifier>(notes);
            services?.Invoke(s);
        }, kestrel);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager, name: "Max Manager");
        var world = new EngineWorld(app, email, sms, notes);
        world.SegmentId = (await world.AsManagerAsync<SegmentService, SegmentDetails>(s => s.CreateAsync("Everyone", null, Where(Tag("all"))))).Id;
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            world.SenderId = (await scope.ServiceProvider.GetRequiredService<EmailSenderService>()
                .CreateAsync(new EmailSenderInput { Name = "Acme Offers", Address = "offers@acme.example", DefaultReplyTo = "help@acme.example", IsVerified = true })).Id;
        }

        return world;
    }

    /// <summary>Adds contacts c0…c{n−1}@example.test / +9198200xxxxx, tagged <c>all</c>, consent granted on email and SMS unless <paramref name="customize"/> says otherwise.</summary>
    public async Task<IReadOnlyList<long>> AddContactsAsync(int count, Action<int, Contact>? customize = null, int offset = 0)
    {
        var pii = App.Services.GetRequiredService<PiiProtector>();
        var ids = new List<long>();
        for (var start = 0; start < count; start += 2000)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var batch = new List<Contact>();
            for (var i = start; i < Math.Min(count, start + 2000); i++)
            {
                var n = i + offset;
                var contact = new Contact(DateTime.UtcNow) { FirstName = "Person" + n.ToString(CultureInfo.InvariantCulture), LastName = "Test" };
                contact.SetEmail(pii.Seal($"c{n.ToString(CultureInfo.InvariantCulture)}@example.test"), "example.test");
                contact.SetPhone(pii.Seal($"+9198200{n.ToString("D5", CultureInfo.InvariantCulture)}"), "IN");
                contact.AddTag("all");
                contact.SetConsent(Channel.Email, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow);
                contact.SetConsent(Channel.Sms, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow);
                customize?.Invoke(n, contact);
                batch.Add(contact);
            }

            db.Contacts.AddRange(batch);
            await db.SaveChangesAsync();
            ids.AddRange(batch.Select(c => c.Id));
        }

        return ids;
    }

    /// <summary>A campaign to "Everyone" on the given channels (with <paramref name="content"/>, or a greeting by email and SMS), scheduled (to send now unless <paramref name="schedule"/> says when).</summary>
    public async Task<int> ScheduleCampaignAsync(string name, Channel[] channels, CampaignScheduleInput? schedule = null, string? html = null, CampaignContent? content = null)
    {
        content ??= new CampaignContent
        {
            Email = new EmailContent
            {
                SenderId = SenderId,
                Subject = "Hello {{ contact.first_name }}",
                HtmlBody = html ?? "<p>Hi {{ contact.first_name }}, festive prices until Sunday.</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
            },
            Sms = new SmsContent { Text = "Hi {{ contact.first_name }}, festive prices until Sunday." },
        };
        return await AsManagerAsync<CampaignService, int>(async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [SegmentId] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [.. channels], Content = content }, draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, schedule ?? new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
            return (await s.ScheduleAsync(draft.Id, draft.Revision)).Id;
        });
    }

    public async Task<T> AsManagerAsync<TService, T>(Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = await App.ScopeForUserAsync(ManagerEmail);
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<CampaignStatus> StatusAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Status).FirstAsync();
    }

    public async Task<CampaignStatus> WaitForStatusAsync(int campaignId, CampaignStatus status, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        CampaignStatus now;
        while ((now = await StatusAsync(campaignId)) != status && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        return now;
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30, string? what = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {seconds} s for {what ?? "a condition"}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// <paramref name="count"/> pending email ledger rows, created at <paramref name="nowUtc"/>, of a campaign scheduled
    /// for next year (so the engine leaves them alone), to new contacts.
    /// </summary>
    public async Task<(int CampaignId, List<DeliveryRecord> Rows)> AddLaterRowsAsync(int count, DateTime nowUtc)
    {
        var contacts = await AddContactsAsync(count);
        var campaignId = await ScheduleCampaignAsync("Later", [Channel.Email], new CampaignScheduleInput { Kind = CampaignScheduleKind.At, Date = "2027-11-24", Time = "09:30", TimeZone = "UTC" });
        await using var db = await ContextAsync();
        var rows = contacts.Select(c => new DeliveryRecord(campaignId, c, Channel.Email, nowUtc, nowUtc)).ToList();
        db.Deliveries.AddRange(rows);
        await db.SaveChangesAsync();
        return (campaignId, rows);
    }

    public async Task<List<DeliveryRecord>> RowsAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Deliveries.AsNoTracking().Where(d => d.CampaignId == campaignId).OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<Dictionary<DeliveryStatus, int>> CountsAsync(int campaignId) =>
        (await RowsAsync(campaignId)).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Waits until every tracking hit stored so far has been counted (the folder counts them moments after they are stored).</summary>
    public Task HitsCountedAsync() => App.Services.GetRequiredService<CampaignStudio.Features.Tracking.TrackingHitFolder>().CaughtUpAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<AppDbContext> ContextAsync() => await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
