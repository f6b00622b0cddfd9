using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Benchmarks.Campaigns;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

// Campaign history benchmark: CampaignService.ListAsync (the history page and GET /api/v1/campaigns) on many
// campaigns, each filter and sort, compared with a hand-written SELECT … LIMIT for the first page. Usage (see
// benchmarks/README.md):
//   dotnet run -c Release --project benchmarks/Campaigns -- --provider MySql --campaigns 100000
var options = BenchmarkOptions.Parse(args);
Console.WriteLine($"Campaigns benchmark: {options.Provider}, {options.Campaigns:N0} campaigns");

var connectionString = await PrepareDatabaseAsync(options);
var builder = WebApplication.CreateBuilder([]);
builder.Configuration["Database:Provider"] = options.Provider;
builder.Configuration["ConnectionStrings:Default"] = connectionString;
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
builder.Services.AddSingleton<TimeProvider>(new FrozenClock(now));
builder.AddData();
builder.AddIdentityFeature();
builder.AddAudienceFeature();
builder.AddSegmentsFeature();
builder.AddCampaignsFeature();
await using var app = builder.Build();
await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
await using var scope = app.Services.CreateAsyncScope();
scope.ServiceProvider.ActAsSystem("benchmark");
var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

if (!await db.Campaigns.AnyAsync())
{
    var segments = scope.ServiceProvider.GetRequiredService<SegmentService>();
    var segmentIds = new List<int>();
    for (var i = 1; i <= 30; i++)
    {
        var created = await segments.CreateAsync($"Segment {i:00}", null, SegmentJson.Deserialize(
            """{"version":1,"root":{"operator":"and","rules":[{"type":"tag","operator":"hasTag","tags":["TAG"]}]}}""".Replace("TAG", $"tag{i}", StringComparison.Ordinal)));
        segmentIds.Add(created.Id);
    }

    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var watch = Stopwatch.StartNew();
    await new CampaignDataGenerator(connection, options.IsMySql, now, segmentIds).GenerateAsync(options.Campaigns);
    Console.WriteLine($"generated {options.Campaigns:N0} campaigns (+segment links) in {watch.Elapsed.TotalSeconds:F1} s");
    await db.Database.ExecuteSqlRawAsync(options.IsMySql ? "ANALYZE TABLE Campaigns, CampaignSegments" : "ANALYZE");
}

var service = scope.ServiceProvider.GetRequiredService<CampaignService>();
var creator = (await service.CreatorsAsync())[3].Id;
var segmentId = await db.Segments.OrderBy(s => s.Id).Select(s => s.Id).Skip(4).FirstAsync();
var scenarios = new (string Name, CampaignQuery Query)[]
{
    ("first page (newest)", new CampaignQuery()),
    ("deep page (page 2000 of 25)", new CampaignQuery { Page = 2000 }),
    ("sort oldest", new CampaignQuery { Sort = CampaignSort.Oldest }),
    ("sort name", new CampaignQuery { Sort = CampaignSort.Name }),
    ("sort name desc", new CampaignQuery { Sort = CampaignSort.NameDescending }),
    ("sort scheduled", new CampaignQuery { Sort = CampaignSort.ScheduledFor }),
    ("sort scheduled desc", new CampaignQuery { Sort = CampaignSort.ScheduledForDescending }),
    ("sort status", new CampaignQuery { Sort = CampaignSort.Status }),
    ("sort status desc", new CampaignQuery { Sort = CampaignSort.StatusDescending }),
    ("status Scheduled+Paused, channel WhatsApp", new CampaignQuery { Statuses = [CampaignStatus.Scheduled, CampaignStatus.Paused], Channel = Channel.WhatsApp }),
    ("creator", new CampaignQuery { CreatedById = creator }),
    ("scheduled in a 30-day range", new CampaignQuery { ScheduledFromUtc = now.AddDays(-200), ScheduledToUtc = now.AddDays(-170) }),
    ("segment", new CampaignQuery { SegmentId = segmentId }),
    ("name search 'monsoon'", new CampaignQuery { Search = "monsoon" }),
    ("include archived, first page", new CampaignQuery { IncludeArchived = true }),
};

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

async Task<(double Median, double Max, int Total)> TimeAsync(Func<Task<int>> run)
{
    var total = await run(); // warm-up
    var times = new List<double>();
    for (var i = 0; i < options.Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    return (Median(times), times.Max(), total);
}

Console.WriteLine($"{"scenario",-45} {"total",8} {"median ms",10} {"max ms",8}");
var slow = 0;
foreach (var (name, query) in scenarios)
{
    var (median, max, total) = await TimeAsync(async () => (await service.ListAsync(query)).Total);
    slow += median > 300 ? 1 : 0;
    Console.WriteLine($"{name,-45} {total,8:N0} {median,10:F1} {max,8:F1}{(median > 300 ? "  SLOW" : "")}");
}

// The raw limit: the first page as one hand-written statement (the service also counts and names the page's segments).
var connectionForRaw = db.Database.GetDbConnection();
if (connectionForRaw.State != System.Data.ConnectionState.Open)
{
    await connectionForRaw.OpenAsync();
}

const string RawFirstPage = "SELECT Id, Name, CreatedByName, Channels, EstimatedAudience, ScheduleKind, ScheduledForUtc, Status, ArchivedUtc, CreatedUtc, UpdatedUtc, Revision " +
    "FROM Campaigns WHERE ArchivedUtc IS NULL ORDER BY CreatedUtc DESC, Id DESC LIMIT 25";
var raw = await TimeAsync(async () =>
{
    await using var command = connectionForRaw.CreateCommand();
    command.CommandText = RawFirstPage;
    await using var reader = await command.ExecuteReaderAsync();
    var rows = 0;
    while (await reader.ReadAsync())
    {
        rows++;
    }

    return rows;
});
var app1 = await TimeAsync(async () => (await service.ListAsync(new CampaignQuery())).Rows.Count);
Console.WriteLine($"RESULT provider={options.Provider} campaigns={options.Campaigns} first_page_app_median_ms={app1.Median:F1} raw_select_limit_median_ms={raw.Median:F1} " +
    $"ratio={app1.Median / raw.Median:F1} slow_scenarios={slow}");
return slow == 0 ? 0 : 2;

static async Task<string> PrepareDatabaseAsync(BenchmarkOptions options)
{
    if (!options.IsMySql)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "results-raw");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, $"campaigns-{options.Campaigns}.db")}";
    }

    var server = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_BENCH_MYSQL") is { Length: > 0 } configured
        ? configured
        : "Server=127.0.0.1;Port=3306;User ID=campaignstudio_test;Password=campaignstudio_test";
    var name = $"cs_bench_campaigns_{options.Campaigns}";
    await using (var connection = new MySqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{name}`", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new MySqlConnectionStringBuilder(server) { Database = name, DefaultCommandTimeout = 600 }.ConnectionString;
}

internal sealed class FrozenClock(DateTime nowUtc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(nowUtc, TimeSpan.Zero);
}

internal sealed record BenchmarkOptions(string Provider, int Campaigns, int Runs)
{
    public bool IsMySql => Provider.Equals("MySql", StringComparison.OrdinalIgnoreCase);

    public static BenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new BenchmarkOptions(
            Get("--provider", "MySql"),
            int.Parse(Get("--campaigns", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--runs", "5"), CultureInfo.InvariantCulture));
    }
}
