using System.Data.Common;
using System.Globalization;
using CampaignStudio.Features.Audience.Pii;

namespace CampaignStudio.Benchmarks.Audience;

/// <summary>
/// Fills the contact tables with a realistic distribution, fast, through multi-row INSERTs on the raw connection
/// (the app's own write path is measured separately by the CSV import run). Emails and phone numbers are sealed
/// with the app's own PII keys, so the contacts grid can decrypt what it shows.
/// </summary>
internal sealed class AudienceDataGenerator(DbConnection connection, bool mySql, DateTime now, PiiProtector pii)
{
    private const int RowsPerStatement = 1000;
    private static readonly string[] Regions = ["Maharashtra", "Gujarat", "Karnataka", "Tamil Nadu", "Delhi", "Rajasthan", "Punjab", "Kerala"];
    private static readonly string[] Cities = ["Pune", "Mumbai", "Nagpur", "Ahmedabad", "Surat", "Bengaluru", "Chennai", "New Delhi", "Jaipur", "Ludhiana", "Kochi"];
    private static readonly string[] FirstNames = ["Ravi", "Asha", "Vikram", "Priya", "Suresh", "Meena", "Arjun", "Kavita", "Rahul", "Sunita", "Imran", "Farah"];
    private static readonly string[] LastNames = ["Patil", "Sharma", "Iyer", "Mehta", "Reddy", "Khan", "Desai", "Nair", "Gupta", "Singh", "Joshi", "Kulkarni"];
    private readonly Random random = new(42);

    public async Task<long> ContactsAsync(int count)
    {
        var rows = new List<string>(RowsPerStatement);
        for (var id = 1; id <= count; id++)
        {
            var region = Regions[random.Next(Regions.Length)];
            var created = now.AddDays(-random.Next(1, 1500));
            rows.Add(string.Join(',',
                id.ToString(CultureInfo.InvariantCulture),
                Quote("C-" + id.ToString(CultureInfo.InvariantCulture)),
                Hex(pii.Encrypt(Email(id))), Hex(pii.BlindIndex(Email(id))), Quote("example.in"),
                Hex(pii.Encrypt(Phone(id))), Hex(pii.BlindIndex(Phone(id))), Quote("IN"),
                Quote(FirstNames[random.Next(FirstNames.Length)]), Quote(LastNames[random.Next(LastNames.Length)]),
                Quote("IN"), Quote(region), Quote(Cities[random.Next(Cities.Length)]), Quote("en"), Quote("Asia/Kolkata"),
                Time(created), Time(created)));
            if (rows.Count == RowsPerStatement || id == count)
            {
                await ExecuteAsync("INSERT INTO Contacts (Id, ExternalId, EmailCipher, EmailHash, EmailDomain, PhoneCipher, PhoneHash, PhoneRegion, FirstName, LastName, Country, Region, City, Language, TimeZone, CreatedUtc, UpdatedUtc) VALUES " +
                    string.Join(',', rows.Select(r => $"({r})")));
                rows.Clear();
            }
        }

        // A third are dealers; half opted in to WhatsApp.
        await BatchAsync(count, id => id % 3 == 0 ? $"({id},'dealer')" : null, "INSERT INTO ContactTags (ContactId, Tag) VALUES ");
        await BatchAsync(count, id => id % 2 == 0 ? $"({id},3,1,'crm',NULL,{Time(now.AddDays(-30))})" : null, "INSERT INTO ContactConsents (ContactId, Channel, Status, Source, WordingVersion, RecordedUtc) VALUES ");
        return count;
    }

    /// <summary>Monthly-ish lifting events with an <c>mt</c> measure over the last two years, spread over dealers and others.</summary>
    public async Task<long> EventsAsync(int contacts, long count)
    {
        var events = new List<string>(RowsPerStatement);
        var measures = new List<string>(RowsPerStatement);
        for (long id = 1; id <= count; id++)
        {
            var contact = 1 + random.Next(contacts);
            var occurred = now.AddMinutes(-random.Next(1, 2 * 365 * 24 * 60));
            var mt = Math.Round((decimal)(random.NextDouble() * (contact % 3 == 0 ? 40 : 8)), 2);
            events.Add($"({id},{contact},'lifting',{Time(occurred)},NULL,NULL,{Time(now)})");
            measures.Add($"({id},{contact},'lifting','mt',{Time(occurred)},{mt.ToString(CultureInfo.InvariantCulture)})");
            if (events.Count == RowsPerStatement || id == count)
            {
                await ExecuteAsync("INSERT INTO ContactEvents (Id, ContactId, Name, OccurredUtc, Value, PropertiesJson, RecordedUtc) VALUES " + string.Join(',', events));
                await ExecuteAsync("INSERT INTO ContactEventMeasures (EventId, ContactId, EventName, `Key`, OccurredUtc, Value) VALUES ".Replace("`Key`", mySql ? "`Key`" : "\"Key\"", StringComparison.Ordinal) + string.Join(',', measures));
                events.Clear();
                measures.Clear();
            }
        }

        return count;
    }

    /// <summary>Re-seals the email and phone of contacts generated with placeholder bytes by an earlier version.</summary>
    public async Task ResealAsync(int count)
    {
        var rows = new List<string>(RowsPerStatement);
        for (var id = 1; id <= count; id++)
        {
            rows.Add($"({id},{Time(now)},{Time(now)},{Hex(pii.Encrypt(Email(id)))},{Hex(pii.BlindIndex(Email(id)))},{Hex(pii.Encrypt(Phone(id)))},{Hex(pii.BlindIndex(Phone(id)))})");
            if (rows.Count == RowsPerStatement || id == count)
            {
                await ExecuteAsync("INSERT INTO Contacts (Id, CreatedUtc, UpdatedUtc, EmailCipher, EmailHash, PhoneCipher, PhoneHash) VALUES " + string.Join(',', rows) +
                    " ON DUPLICATE KEY UPDATE EmailCipher = VALUES(EmailCipher), EmailHash = VALUES(EmailHash), PhoneCipher = VALUES(PhoneCipher), PhoneHash = VALUES(PhoneHash)");
                rows.Clear();
            }
        }
    }

    private static string Email(int id) => $"c{id}@example.in";

    private static string Phone(int id) => $"+9198{id % 100_000_000:D8}";

    private async Task BatchAsync(int count, Func<int, string?> row, string insert)
    {
        var rows = new List<string>(RowsPerStatement);
        for (var id = 1; id <= count; id++)
        {
            if (row(id) is { } value)
            {
                rows.Add(value);
            }

            if (rows.Count == RowsPerStatement || (id == count && rows.Count > 0))
            {
                await ExecuteAsync(insert + string.Join(',', rows));
                rows.Clear();
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private string Hex(byte[] bytes) => mySql ? "0x" + Convert.ToHexString(bytes) : "X'" + Convert.ToHexString(bytes) + "'";

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // EF stores SQLite instants as text in this format; MySQL's datetime(6) takes microseconds.
    private string Time(DateTime utc) => Quote(utc.ToString(mySql ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
}
