using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.Features.Audience.Segments;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>
/// The app with a stopped clock, an admin, a campaign manager and an analyst, and (with <see cref="SeedAsync"/>)
/// three contacts, three segments over them and two email senders, one of them verified.
/// </summary>
public static class CampaignWorld
{
    public const string ManagerEmail = "max@example.test";
    public const string ManagerName = "Max Manager";
    public const string AnalystEmail = "ann@example.test";

    public static async Task<TestApp> StartAsync(DatabaseKind kind, FakeTimeProvider clock, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var app = await TestApp.StartAsync(kind, settings, services: s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager, name: ManagerName);
        await app.CreateUserAsync(AnalystEmail, Roles.Analyst, name: "Ann Analyst");
        return app;
    }

    /// <summary>Adds an EF interceptor to every context the app creates (the provider's own context type).</summary>
    public static void Intercept(IServiceCollection services, DatabaseKind kind, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor interceptor)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            services.ConfigureDbContext<SqliteAppDbContext>((_, options) => options.AddInterceptors(interceptor), ServiceLifetime.Singleton);
        }
        else
        {
            services.ConfigureDbContext<MySqlAppDbContext>((_, options) => options.AddInterceptors(interceptor), ServiceLifetime.Singleton);
        }
    }

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(Campaigns.Now));

    /// <summary>Asha (dealer), Bharat (dealer, VIP), Chitra (retail); segments Dealers, VIPs, Retail; senders Offers (verified) and News (not).</summary>
    public static async Task<World> SeedAsync(TestApp app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var asha = SegmentWorld.Person("Asha", "Patil", null, "IN", null, null, null, null, null, Campaigns.Now);
            asha.AddTag("dealer");
            var bharat = SegmentWorld.Person("Bharat", "Shah", null, "IN", null, null, null, null, null, Campaigns.Now);
            bharat.AddTag("dealer");
            bharat.AddTag("vip");
            var chitra = SegmentWorld.Person("Chitra", "Rao", null, "IN", null, null, null, null, null, Campaigns.Now);
            chitra.AddTag("retail");
            db.Contacts.AddRange(asha, bharat, chitra);
            await db.SaveChangesAsync();
        }

        var dealers = await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.CreateAsync("Dealers", null, Where(Tag("dealer"))));
        var vips = await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.CreateAsync("VIPs", null, Where(Tag("vip"))));
        var retail = await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.CreateAsync("Retail", null, Where(Tag("retail"))));
        var offers = await AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new EmailSenderInput { Name = "Offers", Address = "offers@acme.example", DefaultReplyTo = "help@acme.example", IsVerified = true }));
        var news = await AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new EmailSenderInput { Name = "News", Address = "news@acme.example" }));
        return new World(dealers.Id, vips.Id, retail.Id, offers.Id, news.Id);
    }

    public static async Task<T> AsAsync<TService, T>(TestApp app, string email, Func<TService, Task<T>> act)
        where TService : notnull
    {
        await using var scope = await app.ScopeForUserAsync(email);
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task<T> AsManagerAsync<T>(TestApp app, Func<CampaignService, Task<T>> act) => AsAsync(app, ManagerEmail, act);

    public static CampaignContentInput SmsContent(string text) => new() { Channels = [CampaignStudio.Features.Shared.Channel.Sms], Content = Campaigns.Sms(text) };

    /// <summary>Tomorrow (2 June 2026) 09:30 in India: 04:00 UTC.</summary>
    public static CampaignScheduleInput TomorrowInIndia() => new() { Kind = CampaignScheduleKind.At, Date = "2026-06-02", Time = "09:30", TimeZone = "Asia/Kolkata" };

    /// <summary>A complete draft: the given segments, an SMS, tomorrow morning in India.</summary>
    public static async Task<CampaignDetails> ReadyDraftAsync(TestApp app, World world, string name = "Diwali offer", string email = ManagerEmail)
    {
        return await AsAsync<CampaignService, CampaignDetails>(app, email, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name, Description = "Festive prices" });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.Dealers], ExcludeSegmentIds = [world.Vips] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, SmsContent("Happy Diwali! Festive prices until Sunday."), draft.Revision, 2);
            return await s.SaveScheduleAsync(draft.Id, TomorrowInIndia(), draft.Revision, 3);
        });
    }

    public sealed record World(int Dealers, int Vips, int Retail, int VerifiedSender, int UnverifiedSender);
}

public static class CampaignAppExtensions
{
    public static Task<T> AsAnalystAsync<T>(this TestApp app, Func<CampaignService, Task<T>> act) => CampaignWorld.AsAsync(app, CampaignWorld.AnalystEmail, act);
}
