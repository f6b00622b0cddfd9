using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Benchmarks.Progress;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySqlConnector;

// Live progress benchmark: CampaignProgressService.GetAsync (what the details page's panel reads on every change) and
// SummariesAsync (the campaign list) for one sending campaign with a large ledger, each statement's plan, and the raw
// limit: a hand-written COUNT(*) of the campaign's rows. Usage (see benchmarks/README.md):
//   dotnet run -c Release --project benchmarks/Progress -- --provider MySql --rows 1000000
var options = BenchmarkOptions.Parse(args);
Console.WriteLine($"Progress benchmark: {options.Provider}, {options.Rows:N0} ledger rows");

var connectionString = await PrepareDatabaseAsync(options);
var statements = new StatementLog();
var builder = WebApplication.CreateBuilder([]);
builder.Configuration["Database:Provider"] = options.Provider;
builder.Configuration["ConnectionStrings:Default"] = connectionString;
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
// The campaign is created, scheduled and started two hours before the moment the progress is read.
var clock = new FrozenClock(now.AddHours(-2));
builder.Services.AddSingleton<TimeProvider>(clock);
builder.AddData();
builder.AddIdentityFeature();
builder.AddAudienceFeature();
builder.AddSegmentsFeature();
builder.AddCampaignsFeature();
if (options.IsMySql)
{
    builder.Services.ConfigureDbContext<MySqlAppDbContext>((_, o) => o.AddInterceptors(statements), ServiceLifetime.Singleton);
}
else
{
    builder.Services.ConfigureDbContext<SqliteAppDbContext>((_, o) => o.AddInterceptors(statements), ServiceLifetime.Singleton);
}

await using var app = builder.Build();
await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
await using var scope = app.Services.CreateAsyncScope();
scope.ServiceProvider.ActAsSystem("benchmark");
var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

var campaignId = await db.Campaigns.Where(c => c.Status == CampaignStatus.Sending && db.Deliveries.Any(d => d.CampaignId == c.Id)).Select(c => (int?)c.Id).FirstOrDefaultAsync();
if (campaignId is null)
{
    var segment = await scope.ServiceProvider.GetRequiredService<SegmentService>().CreateAsync("Everyone", null, SegmentJson.Deserialize(
        """{"version":1,"root":{"operator":"and","rules":[{"type":"tag","operator":"hasTag","tags":["all"]}]}}"""));
    var campaigns = scope.ServiceProvider.GetRequiredService<CampaignService>();
    var draft = await campaigns.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali festive prices" });
    draft = await campaigns.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [segment.Id] }, draft.Revision, 1);
    draft = await campaigns.SaveContentAsync(draft.Id, new CampaignContentInput
    {
        Channels = [Channel.Sms],
        Content = new CampaignContent { Sms = new SmsContent { Text = "Festive prices until Sunday." } },
    }, draft.Revision, 2);
    draft = await campaigns.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
    campaignId = (await campaigns.ScheduleAsync(draft.Id, draft.Revision)).Id;
    var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId);
    campaign.MarkSending(clock.GetUtcNow().UtcDateTime);
    await db.SaveChangesAsync();

    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    var watch = Stopwatch.StartNew();
    await new LedgerGenerator(connection, options.IsMySql, now).GenerateAsync(campaignId.Value, options.Rows);
    Console.WriteLine($"generated {options.Rows:N0} ledger rows in {watch.Elapsed.TotalSeconds:F1} s");
    await db.Database.ExecuteSqlRawAsync(options.IsMySql ? "ANALYZE TABLE Deliveries" : "ANALYZE");
}

clock.NowUtc = now;
var service = new CampaignProgressService(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock);
var id = campaignId.Value;

double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

async Task<(double Median, double Max)> TimeAsync(Func<Task> run)
{
    await run(); // warm-up
    var times = new List<double>();
    for (var i = 0; i < options.Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    return (Median(times), times.Max());
}

var progress = await service.GetAsync(id);
Console.WriteLine($"campaign {id}: {progress.Totals.Total:N0} rows, {progress.Totals.Done:N0} done, {progress.Totals.Accepted:N0} sent, {progress.Totals.Failed:N0} failed, " +
    $"{progress.Totals.Skipped:N0} skipped, {progress.Totals.Queued:N0} queued, {progress.Totals.Waiting:N0} not due, {progress.Totals.InFlight:N0} in flight, " +
    $"rate {progress.RatePerSecond:F1}/s, time left {progress.Eta}, {progress.Errors.Count} error texts, {progress.LeaseLapses} lapses");

statements.Clear();
var get = await TimeAsync(() => service.GetAsync(id));
var perStatement = statements.Durations();
var explained = statements.Distinct();
statements.Clear();

// Ten pages open on the campaign reload at the same moment: they share reads.
const int Pages = 10;
var together = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, Pages).Select(_ => service.GetAsync(id))));
var togetherStatements = statements.Count / (options.Runs + 1);
statements.Clear();

var list = await TimeAsync(() => service.SummariesAsync([id]));
explained.AddRange(statements.Distinct());

var raw = db.Database.GetDbConnection();
if (raw.State != System.Data.ConnectionState.Open)
{
    await raw.OpenAsync();
}

var rawCount = await TimeAsync(async () =>
{
    await using var command = raw.CreateCommand();
    command.CommandText = $"SELECT COUNT(*) FROM Deliveries WHERE CampaignId = {id}";
    await command.ExecuteScalarAsync();
});

Console.WriteLine();
Console.WriteLine($"{"call",-60} {"median ms",10} {"max ms",8}");
Console.WriteLine($"{"GetAsync (details panel)",-60} {get.Median,10:F1} {get.Max,8:F1}");
// Until each statement's first row: on MySQL the server has grouped everything by then, on SQLite it groups while rows are read.
foreach (var (text, median) in perStatement)
{
    Console.WriteLine($"{"  " + Summary(text),-60} {median,10:F1}");
}

Console.WriteLine($"{$"{Pages} pages at once ({togetherStatements} statements a time)",-60} {together.Median,10:F1} {together.Max,8:F1}");
Console.WriteLine($"{"SummariesAsync (list, 1 campaign)",-60} {list.Median,10:F1} {list.Max,8:F1}");
Console.WriteLine($"{"raw: SELECT COUNT(*) … WHERE CampaignId = ?",-60} {rawCount.Median,10:F1} {rawCount.Max,8:F1}");

if (options.IsMySql)
{
    // What the counts would cost without the covering index: the same GROUP BY, forced off it.
    var uncovered = await TimeAsync(async () =>
    {
        await using var command = raw.CreateCommand();
        command.CommandText = $"SELECT Channel, Status, SkipReason, COUNT(*), SUM(LeaseLapses) FROM Deliveries IGNORE INDEX (IX_Deliveries_Progress) WHERE CampaignId = {id} GROUP BY Channel, Status, SkipReason";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    });
    Console.WriteLine($"{"counts GROUP BY without IX_Deliveries_Progress (for scale)",-60} {uncovered.Median,10:F1} {uncovered.Max,8:F1}");
}

Console.WriteLine();
Console.WriteLine("Plans:");
foreach (var (text, parameters) in explained)
{
    Console.WriteLine("--- " + Summary(text));
    await using var command = raw.CreateCommand();
    command.CommandText = (options.IsMySql ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + text;
    foreach (var (name, value) in parameters)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        var fields = Enumerable.Range(0, reader.FieldCount)
            .Where(i => !reader.IsDBNull(i))
            .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}");
        Console.WriteLine("    " + string.Join("  ", fields));
    }
}

Console.WriteLine();
Console.WriteLine($"RESULT provider={options.Provider} rows={options.Rows} get_median_ms={get.Median:F1} summaries_median_ms={list.Median:F1} raw_count_median_ms={rawCount.Median:F1} ratio={get.Median / rawCount.Median:F1}");
return get.Median <= options.LimitMs ? 0 : 2;

static string Summary(string sql)
{
    var flat = string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
    return flat.Length > 56 ? flat[..56] + "…" : flat;
}

static async Task<string> PrepareDatabaseAsync(BenchmarkOptions options)
{
    if (!options.IsMySql)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "results-raw");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, $"progress-{options.Rows}.db")}";
    }

    var server = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_BENCH_MYSQL") is { Length: > 0 } configured
        ? configured
        : "Server=127.0.0.1;Port=3306;User ID=campaignstudio_test;Password=campaignstudio_test";
    var name = $"cs_bench_progress_{options.Rows}";
    await using (var connection = new MySqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{name}`", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new MySqlConnectionStringBuilder(server) { Database = name, DefaultCommandTimeout = 600 }.ConnectionString;
}

/// <summary>The statements EF Core sends, with their parameters and how long each took.</summary>
internal sealed class StatementLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<(string Text, List<(string Name, object? Value)> Parameters, double Ms)> seen = new();

    public int Count => seen.Count;

    public void Clear() => seen.Clear();

    public List<(string Text, double Median)> Durations() =>
        [.. seen.GroupBy(s => s.Text).Select(g => (g.Key, g.Select(s => s.Ms).Order().ElementAt(g.Count() / 2)))];

    public List<(string Text, List<(string Name, object? Value)> Parameters)> Distinct() =>
        [.. seen.GroupBy(s => s.Text).Select(g => (g.Key, g.First().Parameters))];

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        seen.Enqueue((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))], eventData.Duration.TotalMilliseconds));
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed class FrozenClock(DateTime nowUtc) : TimeProvider
{
    public DateTime NowUtc { get; set; } = nowUtc;

    public override DateTimeOffset GetUtcNow() => new(NowUtc, TimeSpan.Zero);
}

internal sealed record BenchmarkOptions(string Provider, int Rows, int Runs, double LimitMs)
{
    public bool IsMySql => Provider.Equals("MySql", StringComparison.OrdinalIgnoreCase);

    public static BenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new BenchmarkOptions(
            Get("--provider", "MySql"),
            int.Parse(Get("--rows", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--runs", "5"), CultureInfo.InvariantCulture),
            double.Parse(Get("--limit-ms", "500"), CultureInfo.InvariantCulture));
    }
}
