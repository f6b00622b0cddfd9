using System.Data.Common;
using System.Globalization;

namespace CampaignStudio.Benchmarks.Audience;

/// <summary>
/// Fills the contact tables with a realistic distribution, fast, through multi-row INSERTs on the raw connection
/// (the app's own write path is measured separately by the CSV import run). Email and phone columns hold random
/// ciphertext and hashes of the right sizes: segment rules never read them, only whether they are set.
/// </summary>
internal sealed class AudienceDataGenerator(DbConnection connection, bool mySql, DateTime now)
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
                Hex(60), Hex(32), Quote(random.Next(4) == 0 ? "gmail.com" : "example.in"),
                random.Next(10) < 8 ? Hex(40) : "NULL", random.Next(10) < 8 ? Hex(32) : "NULL", Quote("IN"),
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

    private string Hex(int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return mySql ? "0x" + Convert.ToHexString(buffer) : "X'" + Convert.ToHexString(buffer) + "'";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // EF stores SQLite instants as text in this format; MySQL's datetime(6) takes microseconds.
    private string Time(DateTime utc) => Quote(utc.ToString(mySql ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
}
