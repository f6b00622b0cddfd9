using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Benchmarks.Audience;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Identity;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

// Audience benchmark: segment counts on a large audience, compared with hand-written SQL for the same question in the
// same run. Usage (see benchmarks/README.md):
//   dotnet run -c Release --project benchmarks/Audience -- --provider MySql --contacts 1000000 --events 10000000
var options = BenchmarkOptions.Parse(args);
Console.WriteLine($"Audience benchmark: {options.Provider}, {options.Contacts:N0} contacts, {options.Events:N0} events");

var connectionString = await PrepareDatabaseAsync(options);
var builder = WebApplication.CreateBuilder([]);
builder.Configuration["Database:Provider"] = options.Provider;
builder.Configuration["ConnectionStrings:Default"] = connectionString;
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// One frozen "now" for the app and the hand-written SQL, so that both look at the same 90-day window.
var now = DateTime.UtcNow;
builder.Services.AddSingleton<TimeProvider>(new FrozenClock(now));
builder.AddData();
builder.AddIdentityFeature();
builder.AddAudienceFeature();
builder.AddSegmentsFeature();
await using var app = builder.Build();
await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
await using var scope = app.Services.CreateAsyncScope();
scope.ServiceProvider.ActAsSystem("benchmark");
var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

if (options.ImportRows > 0)
{
    await ImportBenchmark.RunAsync(scope.ServiceProvider, db.Database.GetDbConnection(), options.IsMySql, options.ImportRows);
    await db.Database.EnsureDeletedAsync(); // each import run starts from an empty database of its own
    return 0;
}

if (args.Contains("--reseal") && options.IsMySql)
{
    var watch = Stopwatch.StartNew();
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await new AudienceDataGenerator(connection, true, now, scope.ServiceProvider.GetRequiredService<CampaignStudio.Features.Audience.Pii.PiiProtector>()).ResealAsync(options.Contacts);
    Console.WriteLine($"re-sealed {options.Contacts:N0} contacts in {watch.Elapsed.TotalSeconds:F1} s");
}

if (!await db.Contacts.AnyAsync())
{
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var generator = new AudienceDataGenerator(connection, options.IsMySql, now, scope.ServiceProvider.GetRequiredService<CampaignStudio.Features.Audience.Pii.PiiProtector>());
    var watch = Stopwatch.StartNew();
    await generator.ContactsAsync(options.Contacts);
    Console.WriteLine($"generated {options.Contacts:N0} contacts (+tags, consents) in {watch.Elapsed.TotalSeconds:F1} s");
    watch.Restart();
    await generator.EventsAsync(options.Contacts, options.Events);
    Console.WriteLine($"generated {options.Events:N0} events (+measures) in {watch.Elapsed.TotalSeconds:F1} s");
    if (options.IsMySql)
    {
        await db.Database.ExecuteSqlRawAsync("ANALYZE TABLE Contacts, ContactTags, ContactConsents, ContactEvents, ContactEventMeasures");
    }
}

// "Dealers in Maharashtra who lifted more than 100 MT in the last 90 days": three conditions, one an event aggregate.
var definition = SegmentJson.Deserialize("""
{"version":1,"root":{"operator":"and","rules":[
 {"type":"tag","operator":"hasTag","tags":["dealer"]},
 {"type":"field","field":"region","operator":"equals","value":"Maharashtra"},
 {"type":"event","event":"lifting","aggregate":"sum","property":"mt","window":{"inLast":{"amount":90,"unit":"days"}},"operator":"gt","value":100}]}}
""");
var segments = scope.ServiceProvider.GetRequiredService<SegmentService>();
var since = now.AddDays(-90).ToString(options.IsMySql ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
var key = options.IsMySql ? "`Key`" : "\"Key\"";
var handWritten = $"""
SELECT COUNT(*) FROM Contacts c
WHERE c.Region = 'Maharashtra'
  AND c.Id IN (SELECT t.ContactId FROM ContactTags t WHERE t.Tag = 'dealer')
  AND c.Id IN (SELECT m.ContactId FROM ContactEventMeasures m
               WHERE m.EventName = 'lifting' AND m.{key} = 'mt' AND m.OccurredUtc >= '{since}'
               GROUP BY m.ContactId HAVING SUM(m.Value) > 100)
""";

var appTimes = new List<double>();
var rawTimes = new List<double>();
int appCount = 0;
long rawCount = 0;
for (var run = 0; run < options.Runs + 1; run++)
{
    var watch = Stopwatch.StartNew();
    appCount = await segments.CountAsync(definition);
    var appMs = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    await using (var command = db.Database.GetDbConnection().CreateCommand())
    {
        if (command.Connection!.State != System.Data.ConnectionState.Open)
        {
            await command.Connection.OpenAsync();
        }

        command.CommandText = handWritten;
        command.CommandTimeout = 600;
        rawCount = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    var rawMs = watch.Elapsed.TotalMilliseconds;
    if (run > 0)
    {
        // The first run warms caches and EF's query compilation; it is reported but not counted.
        appTimes.Add(appMs);
        rawTimes.Add(rawMs);
    }

    Console.WriteLine($"run {run}: segment count {appCount:N0} in {appMs:F0} ms; hand-written SQL {rawCount:N0} in {rawMs:F0} ms");
}

if (appCount != rawCount)
{
    Console.Error.WriteLine($"MISMATCH: the segment counted {appCount} but the hand-written SQL {rawCount}.");
    return 1;
}

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

// The contacts grid at this size: first page (with the total), a deep page, and a prefix search.
var directory = scope.ServiceProvider.GetRequiredService<CampaignStudio.Features.Audience.Contacts.ContactDirectory>();
foreach (var (label, query) in new (string, CampaignStudio.Features.Audience.Contacts.ContactQuery)[]
         {
             ("grid first page", new()),
             ("grid page 2000 by name", new(Sort: CampaignStudio.Features.Audience.Contacts.ContactSort.Name, Page: 2000)),
             ("grid last page by name", new(Sort: CampaignStudio.Features.Audience.Contacts.ContactSort.Name, Page: (options.Contacts / 25) - 1)),
             ("grid middle page by city", new(Sort: CampaignStudio.Features.Audience.Contacts.ContactSort.City, Page: options.Contacts / 50)),
             ("grid search 'Pat'", new(Search: "Pat")),
             ("grid tag filter", new(Tag: "dealer")),
         })
{
    await directory.ListAsync(query);
    var gridWatch = Stopwatch.StartNew();
    var page = await directory.ListAsync(query);
    Console.WriteLine($"{label}: {page.Rows.Count} rows of {page.Total:N0} in {gridWatch.Elapsed.TotalMilliseconds:F0} ms");
}
Console.WriteLine($"RESULT provider={options.Provider} contacts={options.Contacts} events={options.Events} matching={appCount} " +
    $"segment_median_ms={Median(appTimes):F0} segment_max_ms={appTimes.Max():F0} raw_median_ms={Median(rawTimes):F0} ratio={Median(appTimes) / Median(rawTimes):F2}");
return 0;

static async Task<string> PrepareDatabaseAsync(BenchmarkOptions options)
{
    if (!options.IsMySql)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "results-raw");
        Directory.CreateDirectory(folder);
        var file = options.ImportRows > 0 ? $"import-{Guid.NewGuid():N}.db" : $"audience-{options.Contacts}-{options.Events}.db";
        return $"Data Source={Path.Combine(folder, file)}";
    }

    var server = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_BENCH_MYSQL") is { Length: > 0 } configured
        ? configured
        : "Server=127.0.0.1;Port=3306;User ID=campaignstudio_test;Password=campaignstudio_test";
    var name = options.ImportRows > 0 ? $"cs_bench_import_{Guid.NewGuid():N}"[..30] : $"cs_bench_audience_{options.Contacts}_{options.Events}";
    await using (var connection = new MySqlConnection(server))
    {
        await connection.OpenAsync();
        // A 2 GB buffer pool holds the working set; a large in-memory temporary table keeps GROUP BY of a window of
        // events off disk. Both are server settings a production MySQL should have anyway (see the README).
        await using var create = new MySqlCommand(
            $"CREATE DATABASE IF NOT EXISTS `{name}`; SET GLOBAL innodb_buffer_pool_size = {options.BufferPoolMb}*1024*1024; " +
            "SET GLOBAL tmp_table_size = 536870912; SET GLOBAL max_heap_table_size = 536870912;", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new MySqlConnectionStringBuilder(server) { Database = name, DefaultCommandTimeout = 600 }.ConnectionString;
}

internal sealed class FrozenClock(DateTime nowUtc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(nowUtc, TimeSpan.Zero);
}

internal sealed record BenchmarkOptions(string Provider, int Contacts, long Events, int Runs, int BufferPoolMb, int ImportRows)
{
    public bool IsMySql => Provider.Equals("MySql", StringComparison.OrdinalIgnoreCase);

    public static BenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new BenchmarkOptions(
            Get("--provider", "MySql"),
            int.Parse(Get("--contacts", "100000"), CultureInfo.InvariantCulture),
            long.Parse(Get("--events", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--runs", "5"), CultureInfo.InvariantCulture),
            int.Parse(Get("--buffer-pool-mb", "2048"), CultureInfo.InvariantCulture),
            int.Parse(Get("--import", "0"), CultureInfo.InvariantCulture));
    }
}
