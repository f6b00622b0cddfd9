using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CampaignStudio.Features.Audience.Import;

namespace CampaignStudio.Benchmarks.Audience;

/// <summary>
/// CSV import through the app's own path (CsvImportService → ContactService: validation, E.164 phones, AES-GCM
/// encryption, blind indexes, upsert matching, transactional batches), against a bare multi-row INSERT of the same
/// number of contacts in the same run.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(IServiceProvider services, DbConnection connection, bool mySql, int rows)
    {
        var file = Path.Combine(Path.GetTempPath(), $"campaignstudio-import-{rows}.csv");
        await File.WriteAllTextAsync(file, Csv(rows));
        var import = services.GetRequiredService<CsvImportService>();
        CsvAnalysis analysis;
        await using (var stream = File.OpenRead(file))
        {
            analysis = await import.AnalyzeAsync(stream, Path.GetFileName(file));
        }

        var watch = Stopwatch.StartNew();
        ImportResult result;
        await using (var stream = File.OpenRead(file))
        {
            result = await import.ImportAsync(stream, analysis.ProposedMapping, progress: null);
        }

        var importSeconds = watch.Elapsed.TotalSeconds;
        File.Delete(file);

        // Where the time goes: validation and normalisation alone (e-mail, E.164 phone, country) for the same rows.
        var normalizer = services.GetRequiredService<CampaignStudio.Features.Audience.Contacts.ContactNormalizer>();
        var noFields = new Dictionary<string, CampaignStudio.Features.Audience.Contacts.CustomFieldDefinition>();
        watch.Restart();
        for (var i = 1; i <= rows; i++)
        {
            normalizer.Normalize(new CampaignStudio.Features.Audience.Contacts.ContactInput
            {
                ExternalId = $"IMP-{i}", Email = $"dealer{i}@example.in", Phone = $"+9198{i:D8}", Country = "IN", FirstName = "Dealer", Tags = ["dealer"],
            }, noFields, out _);
        }

        Console.WriteLine($"of which validation and normalisation alone: {watch.Elapsed.TotalSeconds:F1} s");

        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        // The raw limit: the same number of contacts as bare multi-row INSERTs (no validation, no encryption).
        await using (var clear = connection.CreateCommand())
        {
            clear.CommandText = "DELETE FROM ContactTags; DELETE FROM ContactConsents; DELETE FROM ContactPushTokens; DELETE FROM Contacts;";
            await clear.ExecuteNonQueryAsync();
        }

        watch.Restart();
        await new AudienceDataGenerator(connection, mySql, DateTime.UtcNow, services.GetRequiredService<CampaignStudio.Features.Audience.Pii.PiiProtector>()).ContactsAsync(rows);
        var rawSeconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"import: {result.Outcome}, {result.Created:N0} created, {result.Rejected:N0} rejected, {importSeconds:F1} s; bare INSERT of {rows:N0} contacts {rawSeconds:F1} s");
        Console.WriteLine($"RESULT import rows={rows} import_rows_per_s={rows / importSeconds:F0} raw_rows_per_s={rows / rawSeconds:F0} ratio={rawSeconds / importSeconds:F2}");
    }

    private static string Csv(int rows)
    {
        string[] regions = ["Maharashtra", "Gujarat", "Karnataka", "Tamil Nadu", "Delhi"];
        string[] cities = ["Pune", "Ahmedabad", "Bengaluru", "Chennai", "New Delhi"];
        var random = new Random(7);
        var csv = new StringBuilder("External Id,First Name,Last Name,Email,Mobile,Company,Country,Region,City,Tags,WhatsApp consent\n");
        for (var i = 1; i <= rows; i++)
        {
            var region = random.Next(regions.Length);
            csv.Append(CultureInfo.InvariantCulture, $"IMP-{i},Dealer{i},Kumar,dealer{i}@example.in,+9198{i:D8},Trader {i} Pvt Ltd,IN,{regions[region]},{cities[region]},dealer;{(i % 5 == 0 ? "vip" : "retail")},{(i % 2 == 0 ? "yes" : "no")}\n");
        }

        return csv.ToString();
    }
}
