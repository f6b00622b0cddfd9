using System.Globalization;
using System.Text;
using System.Text.Json;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Demo;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// The demo audience: about 500 dealers and retail customers, mostly in India (Maharashtra, Gujarat, Karnataka,
/// Tamil Nadu, Delhi) with some in Germany, the US and the UK, written as a CSV file and imported through
/// <see cref="CsvImportService"/> like any upload; then six months of <c>lifting</c> (dealers' monthly tonnage,
/// <c>mt</c>) and <c>purchase</c> (<c>amount</c>) events.
/// </summary>
internal sealed class DemoContactsContributor(AppDbContext db, IDbContextFactory<AppDbContext> contexts, IServiceProvider services) : IDemoDataContributor
{
    public const string FileName = "demo-contacts.csv";
    private const string EmailDomain = "demo.campaignstudio.test";
    private const int Months = 6;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public int Order => 10;

    public string Name => "contacts";

    public async Task<bool> HasDataAsync(CancellationToken cancellationToken)
    {
        // The seeder asks every contributor before it opens its transaction: the moment to make sure the PII keys
        // exist. They are created on first use, on a connection of their own, which inside the seed's transaction
        // would wait for the seed itself on SQLite (one writer at a time).
        _ = services.GetRequiredService<PiiProtector>();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Contacts.AnyAsync(cancellationToken);
    }

    public async Task<string> SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var people = Generate(context.Random);
        using var csv = new MemoryStream(WriteCsv(people));
        var importer = Importer();
        var analysis = await importer.AnalyzeAsync(csv, FileName, cancellationToken);
        if (analysis.ProposedMapping.Targets.Contains(ImportTargets.Ignore))
        {
            throw new InvalidOperationException($"The demo file's columns must all map by name; these do not: {string.Join(", ", analysis.Headers.Where((_, i) => analysis.ProposedMapping.Targets[i] == ImportTargets.Ignore))}.");
        }

        csv.Position = 0;
        var result = await importer.ImportAsync(csv, analysis.ProposedMapping, null, cancellationToken);
        if (result.Outcome != ImportOutcome.Completed || result.Rejected > 0)
        {
            throw new InvalidOperationException($"The demo contacts did not import cleanly: {result.Message} {string.Join("; ", result.Errors.Take(5).Select(e => $"row {e.Row} {e.Field}: {e.Reason}"))}");
        }

        var (liftings, purchases) = await AddEventsAsync(people, context, cancellationToken);
        return $"Contacts: {result.Imported:N0} imported from a CSV file ({people.Count(p => p.IsDealer):N0} dealers, {people.Count(p => !p.IsDealer):N0} retail customers), with {liftings:N0} lifting and {purchases:N0} purchase events over {Months} months";
    }

    /// <summary>
    /// The import path, writing inside the seed's transaction when there is one (so that the whole seed stays all
    /// or nothing, and SQLite's single writer is not asked for a second connection); otherwise the usual service.
    /// </summary>
    private CsvImportService Importer()
    {
        if (db.Database.CurrentTransaction is null)
        {
            return services.GetRequiredService<CsvImportService>();
        }

        var enlisted = new EnlistingContextFactory(db);
        var contactService = ActivatorUtilities.CreateInstance<ContactService>(services, enlisted);
        return ActivatorUtilities.CreateInstance<CsvImportService>(services, contactService, enlisted);
    }

    private async Task<(int Liftings, int Purchases)> AddEventsAsync(IReadOnlyList<DemoPerson> people, DemoSeedContext context, CancellationToken cancellationToken)
    {
        var random = context.Random;
        var now = context.NowUtc;
        var ids = await db.Contacts.AsNoTracking().Where(c => c.ExternalId != null)
            .Select(c => new { c.Id, c.ExternalId }).ToDictionaryAsync(c => c.ExternalId!, c => c.Id, cancellationToken);
        var liftings = 0;
        var purchases = 0;
        foreach (var person in people)
        {
            var contactId = ids[person.ExternalId];
            if (person.IsDealer)
            {
                // A dealer lifts most months; volume depends on the dealer's size and drifts month to month.
                var baseline = random.NextDouble() switch
                {
                    < 0.6 => 5 + random.NextDouble() * 20,
                    < 0.9 => 25 + random.NextDouble() * 65,
                    _ => 90 + random.NextDouble() * 160,
                };
                for (var month = Months; month >= 1; month--)
                {
                    if (random.NextDouble() < 0.1)
                    {
                        continue;
                    }

                    var mt = Math.Round((decimal)(baseline * (0.75 + random.NextDouble() * 0.5)) * 2, MidpointRounding.AwayFromZero) / 2;
                    Add("lifting", contactId, MonthDay(now, month, random), mt, new Dictionary<string, object> { ["mt"] = mt }, "mt", now);
                    liftings++;
                }
            }
            else
            {
                var count = random.Next(0, 6);
                for (var i = 0; i < count; i++)
                {
                    var india = person.Country == "IN";
                    var amount = india ? Math.Round((decimal)(499 + random.NextDouble() * 44_500), 0) : Math.Round((decimal)(20 + random.NextDouble() * 880), 2);
                    var occurred = now.AddDays(-random.Next(1, Months * 30)).AddMinutes(-random.Next(0, 24 * 60));
                    Add("purchase", contactId, occurred, amount, new Dictionary<string, object> { ["amount"] = amount, ["currency"] = person.Currency }, "amount", now);
                    purchases++;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (liftings, purchases);
    }

    private void Add(string name, long contactId, DateTime occurredUtc, decimal value, Dictionary<string, object> properties, string measure, DateTime nowUtc)
    {
        var evt = new ContactEvent(contactId, name, occurredUtc, value, JsonSerializer.Serialize(properties), nowUtc);
        db.ContactEvents.Add(evt);
        db.ContactEventMeasures.Add(new ContactEventMeasure(evt, measure, value));
    }

    /// <summary>A moment in the month <paramref name="monthsAgo"/> months before <paramref name="now"/>, never in the future.</summary>
    private static DateTime MonthDay(DateTime now, int monthsAgo, Random random)
    {
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-monthsAgo + 1);
        var day = month.AddDays(random.Next(0, 27)).AddHours(random.Next(4, 14)).AddMinutes(random.Next(0, 60));
        return day < now ? day : now.AddHours(-random.Next(1, 48));
    }

    private static byte[] WriteCsv(IReadOnlyList<DemoPerson> people)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "External ID", "First Name", "Last Name", "Company", "Email", "Mobile", "Country", "State", "City", "Language", "Time Zone", "Birth Date", "Tags", "Email Consent", "SMS Consent", "WhatsApp Consent" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var p in people)
            {
                foreach (var cell in new[] { p.ExternalId, p.FirstName, p.LastName, p.Company, p.Email, p.Phone, p.Country, p.Region, p.City, p.Language, p.TimeZone, p.BirthDate, p.Tags, p.EmailConsent, p.SmsConsent, p.WhatsAppConsent })
                {
                    csv.WriteField(cell ?? "");
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }

    internal static IReadOnlyList<DemoPerson> Generate(Random random)
    {
        var people = new List<DemoPerson>();
        var emails = new HashSet<string>();
        var phones = new HashSet<string>();
        var dealerNumber = 10_000;
        var customerNumber = 20_000;
        foreach (var area in Areas)
        {
            for (var i = 0; i < area.Count; i++)
            {
                var isDealer = random.NextDouble() < area.DealerShare;
                var first = Pick(random, area.FirstNames);
                var last = Pick(random, area.LastNames);
                var (city, region, timeZone) = Pick(random, area.Cities);
                var company = isDealer
                    ? people.Any(p => p.IsDealer) ? $"{Pick(random, area.CompanyPrefixes)} {Pick(random, CompanySuffixes)}" : "Shree Ganesh Traders"
                    : null;
                var email = random.NextDouble() < (isDealer ? 0.97 : 0.88) ? UniqueEmail(first, last, emails) : null;
                var phone = UniquePhone(random, area.Country, phones);
                var language = area.Country == "IN" && random.NextDouble() < 0.3 ? "en-IN" : area.Language;
                var vip = random.NextDouble() < (isDealer ? 0.15 : 0.06);
                var birthDate = !isDealer && random.NextDouble() < 0.6
                    ? new DateOnly(1958, 1, 1).AddDays(random.Next(0, 42 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null;
                people.Add(new DemoPerson(
                    isDealer ? $"D-{++dealerNumber}" : $"C-{++customerNumber}",
                    isDealer, first, last, company, email, phone, area.Country, region, city, language, timeZone, birthDate,
                    string.Join(';', new[] { isDealer ? "dealer" : "retail", vip ? "vip" : null }.OfType<string>()),
                    email is null ? null : Consent(random, 0.85, 0.05),
                    Consent(random, 0.65, 0.08),
                    area.Country == "IN" ? Consent(random, 0.75, 0.05) : Consent(random, 0.3, 0.05),
                    area.Currency));
            }
        }

        return people;
    }

    private static string? Consent(Random random, double granted, double withdrawn)
    {
        var roll = random.NextDouble();
        return roll < granted ? "granted" : roll < granted + withdrawn ? "withdrawn" : null;
    }

    private static string UniqueEmail(string first, string last, HashSet<string> taken)
    {
        var local = Ascii($"{first}.{last}");
        for (var n = 1; ; n++)
        {
            var email = $"{local}{(n == 1 ? "" : n.ToString(CultureInfo.InvariantCulture))}@{EmailDomain}";
            if (taken.Add(email))
            {
                return email;
            }
        }
    }

    private static string Ascii(string name) =>
        string.Concat(name.Normalize(NormalizationForm.FormD).Where(c => char.IsAsciiLetterOrDigit(c) || c == '.')).ToLowerInvariant();

    /// <summary>A mobile number that libphonenumber accepts for the country, written in international format.</summary>
    private static string UniquePhone(Random random, string country, HashSet<string> taken)
    {
        while (true)
        {
            var digits = (int count) => string.Concat(Enumerable.Range(0, count).Select(_ => random.Next(0, 10).ToString(CultureInfo.InvariantCulture)));
            var raw = country switch
            {
                "IN" => $"+91 9{Pick(random, ["8", "8", "7", "9", "6"])}{digits(3)} {digits(5)}",
                "DE" => $"+49 1{Pick(random, ["51", "52", "60", "70", "76"])} {digits(8)}",
                "US" => $"+1 {Pick(random, ["212", "312", "713", "408", "617"])} {random.Next(2, 10)}{digits(2)} {digits(4)}",
                "GB" => $"+44 7{Pick(random, ["4", "5", "7", "8", "9"])}{digits(2)} {digits(6)}",
                _ => throw new InvalidOperationException($"No phone plan for {country}."),
            };
            var number = Phones.Parse(raw, country);
            if (Phones.IsValidNumber(number) && Phones.GetNumberType(number) is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE && taken.Add(Phones.Format(number, PhoneNumberFormat.E164)))
            {
                return Phones.Format(number, PhoneNumberFormat.INTERNATIONAL);
            }
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static readonly string[] CompanySuffixes =
        ["Traders", "Enterprises", "Steel Centre", "Hardware", "Building Materials", "Agencies", "Cement Depot", "Iron & Steel", "Sales Corporation", "Distributors"];

    private static readonly DemoArea[] Areas =
    [
        new("IN", "mr-IN", "INR", 130, 0.38,
            [("Mumbai", "Maharashtra", "Asia/Kolkata"), ("Pune", "Maharashtra", "Asia/Kolkata"), ("Nagpur", "Maharashtra", "Asia/Kolkata"), ("Nashik", "Maharashtra", "Asia/Kolkata"), ("Aurangabad", "Maharashtra", "Asia/Kolkata"), ("Kolhapur", "Maharashtra", "Asia/Kolkata"), ("Thane", "Maharashtra", "Asia/Kolkata")],
            ["Sachin", "Rahul", "Amit", "Sandeep", "Prakash", "Vijay", "Sunil", "Ganesh", "Mahesh", "Snehal", "Pooja", "Priya", "Aditi", "Sneha", "Manasi", "Rutuja"],
            ["Patil", "Deshmukh", "Kulkarni", "Jadhav", "Shinde", "Pawar", "Joshi", "Gaikwad", "More", "Chavan"],
            ["Shree Ganesh", "Siddhivinayak", "Jay Bhavani", "Mahalaxmi", "Om Sai", "Shivshakti", "Sahyadri"]),
        new("IN", "gu-IN", "INR", 100, 0.4,
            [("Ahmedabad", "Gujarat", "Asia/Kolkata"), ("Surat", "Gujarat", "Asia/Kolkata"), ("Vadodara", "Gujarat", "Asia/Kolkata"), ("Rajkot", "Gujarat", "Asia/Kolkata"), ("Bhavnagar", "Gujarat", "Asia/Kolkata")],
            ["Hitesh", "Jignesh", "Mehul", "Nilesh", "Ketan", "Bhavesh", "Darshan", "Hetal", "Komal", "Nisha", "Falguni", "Dhara"],
            ["Patel", "Shah", "Desai", "Mehta", "Trivedi", "Parikh", "Modi", "Bhatt", "Chauhan", "Solanki"],
            ["Jai Ambe", "Shree Krishna", "Jalaram", "Umiya", "Khodiyar", "Navkar", "Sardar"]),
        new("IN", "kn-IN", "INR", 80, 0.35,
            [("Bengaluru", "Karnataka", "Asia/Kolkata"), ("Mysuru", "Karnataka", "Asia/Kolkata"), ("Hubballi", "Karnataka", "Asia/Kolkata"), ("Mangaluru", "Karnataka", "Asia/Kolkata"), ("Belagavi", "Karnataka", "Asia/Kolkata")],
            ["Manjunath", "Raghavendra", "Santosh", "Praveen", "Kiran", "Naveen", "Shwetha", "Kavya", "Divya", "Pallavi", "Anitha", "Lakshmi"],
            ["Gowda", "Rao", "Hegde", "Shetty", "Naik", "Bhat", "Reddy", "Kamath"],
            ["Sri Manjunatha", "Chamundeshwari", "Sri Sai", "Kaveri", "Udupi", "Kannadiga"]),
        new("IN", "ta-IN", "INR", 80, 0.35,
            [("Chennai", "Tamil Nadu", "Asia/Kolkata"), ("Coimbatore", "Tamil Nadu", "Asia/Kolkata"), ("Madurai", "Tamil Nadu", "Asia/Kolkata"), ("Tiruchirappalli", "Tamil Nadu", "Asia/Kolkata"), ("Salem", "Tamil Nadu", "Asia/Kolkata")],
            ["Karthik", "Senthil", "Murugan", "Arun", "Vignesh", "Balaji", "Saravanan", "Priya", "Meena", "Revathi", "Kavitha", "Deepa"],
            ["Iyer", "Subramanian", "Krishnan", "Raman", "Pillai", "Natarajan", "Sundaram", "Rajendran", "Venkatesan"],
            ["Sri Murugan", "Annapoorna", "Sri Venkateswara", "Meenakshi", "Kumaran", "Thirumalai"]),
        new("IN", "hi-IN", "INR", 70, 0.3,
            [("New Delhi", "Delhi", "Asia/Kolkata"), ("Delhi", "Delhi", "Asia/Kolkata")],
            ["Rohit", "Ankit", "Vikas", "Deepak", "Rajesh", "Manish", "Neha", "Pooja", "Shalini", "Ritu", "Anjali", "Swati"],
            ["Sharma", "Gupta", "Verma", "Singh", "Kapoor", "Malhotra", "Arora", "Aggarwal", "Khanna", "Bansal"],
            ["Balaji", "Shiv Shakti", "Bharat", "Hanuman", "Capital", "Yamuna"]),
        new("DE", "de-DE", "EUR", 16, 0.25,
            [("Berlin", "Berlin", "Europe/Berlin"), ("München", "Bayern", "Europe/Berlin"), ("Hamburg", "Hamburg", "Europe/Berlin"), ("Frankfurt am Main", "Hessen", "Europe/Berlin"), ("Köln", "Nordrhein-Westfalen", "Europe/Berlin")],
            ["Lukas", "Jonas", "Felix", "Max", "Anna", "Lea", "Laura", "Julia"],
            ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"],
            ["Rhein", "Hansa", "Nord", "Alpen"]),
        new("US", "en-US", "USD", 12, 0.25,
            [("New York", "NY", "America/New_York"), ("Chicago", "IL", "America/Chicago"), ("Houston", "TX", "America/Chicago"), ("San Jose", "CA", "America/Los_Angeles"), ("Boston", "MA", "America/New_York")],
            ["James", "Michael", "David", "Emily", "Sarah", "Jessica", "Priya", "Raj"],
            ["Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Patel", "Shah"],
            ["Liberty", "Lakeshore", "Lone Star", "Bay"]),
        new("GB", "en-GB", "GBP", 12, 0.25,
            [("London", "England", "Europe/London"), ("Manchester", "England", "Europe/London"), ("Birmingham", "England", "Europe/London"), ("Leicester", "England", "Europe/London")],
            ["Oliver", "George", "Harry", "Amelia", "Olivia", "Isla", "Arjun", "Aisha"],
            ["Smith", "Jones", "Taylor", "Wilson", "Evans", "Patel", "Khan", "Mistry"],
            ["Albion", "Midlands", "Thames", "Pennine"]),
    ];

    private sealed record DemoArea(
        string Country,
        string Language,
        string Currency,
        int Count,
        double DealerShare,
        (string City, string Region, string TimeZone)[] Cities,
        string[] FirstNames,
        string[] LastNames,
        string[] CompanyPrefixes);

    internal sealed record DemoPerson(
        string ExternalId,
        bool IsDealer,
        string FirstName,
        string LastName,
        string? Company,
        string? Email,
        string Phone,
        string Country,
        string Region,
        string City,
        string Language,
        string TimeZone,
        string? BirthDate,
        string Tags,
        string? EmailConsent,
        string? SmsConsent,
        string? WhatsAppConsent,
        string Currency);
}
