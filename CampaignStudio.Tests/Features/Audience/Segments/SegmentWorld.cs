using System.Security.Cryptography;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>
/// The app on a fresh database, its clock stopped at <see cref="Now"/>, with five contacts whose fields, tags,
/// consents, custom fields and events are chosen so that every rule operator selects some and not others.
/// Tests read it and never change it; a test that moves the clock or writes segments starts its own app.
/// </summary>
public abstract class SegmentWorld(DatabaseKind kind) : IAsyncLifetime
{
    public const string AnalystEmail = "ann@example.test";
    public const string ManagerEmail = "max@example.test";

    public static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public sealed class OnSqlite() : SegmentWorld(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SegmentWorld(DatabaseKind.MySql);

    public TestApp App { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(Now));

    public IReadOnlyDictionary<string, long> Ids { get; private set; } = new Dictionary<string, long>();

    public async Task InitializeAsync()
    {
        App = await StartAppAsync(kind, Clock);
        await App.CreateUserAsync(AnalystEmail, Roles.Analyst);
        await using var scope = App.Services.CreateAsyncScope();
        Ids = await SeedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The app with <paramref name="clock"/> as its time, a first admin and a campaign manager.</summary>
    public static async Task<TestApp> StartAppAsync(DatabaseKind kind, FakeTimeProvider clock)
    {
        var app = await TestApp.StartAsync(kind, services: s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager);
        return app;
    }

    /// <summary>The first names of the contacts <paramref name="definition"/> selects, in alphabetical order.</summary>
    public async Task<string> NamesAsync(SegmentDefinition definition, string user = AnalystEmail)
    {
        await using var scope = await App.ScopeForUserAsync(user);
        var sample = await scope.ServiceProvider.GetRequiredService<SegmentService>().SampleAsync(definition, SegmentService.MaxSample);
        return string.Join(",", sample.Select(c => c.FirstName).Order(StringComparer.Ordinal));
    }

    public async Task<T> AsAnalystAsync<T>(Func<SegmentService, Task<T>> act)
    {
        await using var scope = await App.ScopeForUserAsync(AnalystEmail);
        return await act(scope.ServiceProvider.GetRequiredService<SegmentService>());
    }

    private static async Task<IReadOnlyDictionary<string, long>> SeedAsync(AppDbContext db)
    {
        var tonnage = new CustomFieldDefinition("tonnage", "Tonnage", CustomFieldType.Number, false, null, Now);
        var tier = new CustomFieldDefinition("dealer_tier", "Dealer tier", CustomFieldType.Choice, false, ["gold", "silver", "bronze"], Now);
        var joined = new CustomFieldDefinition("joined_on", "Joined on", CustomFieldType.Date, false, null, Now);
        var active = new CustomFieldDefinition("is_active", "Active", CustomFieldType.Boolean, false, null, Now);
        var notes = new CustomFieldDefinition("notes", "Notes", CustomFieldType.Text, false, null, Now);
        db.CustomFields.AddRange(tonnage, tier, joined, active, notes);
        await db.SaveChangesAsync();

        var asha = Person("Asha", "Patil", "Patil Traders", "IN", "Maharashtra", "Pune", "mr-IN", "Asia/Kolkata", new(1985, 3, 14), created: Now.AddDays(-10));
        asha.SetEmail(Sealed(), "patil.example");
        asha.SetPhone(Sealed(), "IN");
        asha.AddTag("dealer");
        asha.AddTag("vip");
        Consent(asha, Channel.Email, ConsentStatus.Granted);
        Consent(asha, Channel.WhatsApp, ConsentStatus.Granted);
        Consent(asha, Channel.Sms, ConsentStatus.Withdrawn);
        Consent(asha, Channel.Push, ConsentStatus.Granted);
        asha.SetField(tonnage, CustomFieldValue.OfNumber(120.5m));
        asha.SetField(tier, CustomFieldValue.OfText("gold"));
        asha.SetField(joined, CustomFieldValue.OfDate(new(2020, 1, 15)));
        asha.SetField(active, CustomFieldValue.OfBoolean(true));
        asha.SetField(notes, CustomFieldValue.OfText("Prefers_calls 100%"));

        var bharat = Person("Bharat", "Shah", "Shah & Sons", "IN", "Gujarat", "Ahmedabad", "gu-IN", "Asia/Kolkata", new(1990, 12, 1), created: Now.AddDays(-100));
        bharat.SetEmail(Sealed(), "shah.example");
        bharat.SetPhone(Sealed(), "IN");
        bharat.AddTag("dealer");
        Consent(bharat, Channel.Email, ConsentStatus.Granted);
        Consent(bharat, Channel.WhatsApp, ConsentStatus.Withdrawn);
        bharat.SetField(tonnage, CustomFieldValue.OfNumber(80m));
        bharat.SetField(tier, CustomFieldValue.OfText("silver"));
        bharat.SetField(joined, CustomFieldValue.OfDate(new(2022, 6, 30)));
        bharat.SetField(active, CustomFieldValue.OfBoolean(false));

        var chitra = Person("Chitra", "Rao", null, "IN", "Maharashtra", null, "mr-IN", null, null, created: Now.AddDays(-400));
        chitra.SetPhone(Sealed(), "IN");
        chitra.AddTag("dealer");
        Consent(chitra, Channel.WhatsApp, ConsentStatus.Granted);
        Consent(chitra, Channel.Sms, ConsentStatus.Granted);

        var david = Person("David", "Miller", "Acme", "US", "California", "San Francisco", "en-US", "America/Los_Angeles", new(1975, 6, 1), created: Now.AddDays(-2));
        david.SetEmail(Sealed(), "acme.example");
        Consent(david, Channel.Email, ConsentStatus.Granted);
        david.SetField(tier, CustomFieldValue.OfText("bronze"));
        david.SetField(notes, CustomFieldValue.OfText("call back"));

        var esha = Person("Esha", null, "", "IN", "maharashtra", "pune", "hi-IN", null, null, created: Now.AddDays(-60));
        esha.AddTag("VIP");
        Consent(esha, Channel.Email, ConsentStatus.Unknown);
        Consent(esha, Channel.WhatsApp, ConsentStatus.Granted);
        esha.SetField(tonnage, CustomFieldValue.OfNumber(100m));

        db.Contacts.AddRange(asha, bharat, chitra, david, esha);
        await db.SaveChangesAsync();

        db.ContactPushTokens.AddRange(
            new ContactPushToken(asha.Id, Sealed(), "android", Now),
            new ContactPushToken(david.Id, Sealed(), "ios", Now));
        Lifting(db, asha, Now.AddDays(-10), 60m);
        Lifting(db, asha, Now.AddDays(-89), 50m);
        Lifting(db, bharat, Now.AddDays(-30), 40m);
        Lifting(db, bharat, Now.AddDays(-91), 70m);
        Lifting(db, esha, Now.AddDays(-20), 100m);
        Purchase(db, asha, Now.AddDays(-5), 250m);
        Purchase(db, bharat, Now.AddDays(-70), 100m);
        Purchase(db, david, Now.AddDays(-1), 99.99m);
        Purchase(db, david, Now.AddDays(-200), 10m);
        db.ContactEvents.Add(new ContactEvent(esha.Id, "visit", Now.AddDays(-3), null, null, Now));
        await db.SaveChangesAsync();

        return new[] { asha, bharat, chitra, david, esha }.ToDictionary(c => c.FirstName!, c => c.Id);
    }

    public static Contact Person(string first, string? last, string? company, string? country, string? region, string? city, string? language, string? timeZone, DateOnly? birth, DateTime created) =>
        new(created)
        {
            FirstName = first,
            LastName = last,
            Company = company,
            Country = country,
            Region = region,
            City = city,
            Language = language,
            TimeZone = timeZone,
            BirthDate = birth,
        };

    public static SealedValue Sealed() => new(RandomNumberGenerator.GetBytes(48), RandomNumberGenerator.GetBytes(32));

    public static void Consent(Contact contact, Channel channel, ConsentStatus status) => contact.SetConsent(channel, status, "test", "v1", Now.AddDays(-1));

    /// <summary>A dealer's lifting: the event, and its tonnage as the measure <c>mt</c>.</summary>
    public static void Lifting(AppDbContext db, Contact contact, DateTime occurred, decimal tonnes) =>
        db.ContactEventMeasures.Add(new ContactEventMeasure(new ContactEvent(contact.Id, "lifting", occurred, null, null, occurred), "mt", tonnes));

    public static void Purchase(AppDbContext db, Contact contact, DateTime occurred, decimal amount) =>
        db.ContactEvents.Add(new ContactEvent(contact.Id, "purchase", occurred, amount, null, occurred));
}
