using System.Diagnostics;
using System.Globalization;
using System.Text;
using CampaignStudio.Benchmarks.Email;
using CampaignStudio.Benchmarks.Engine;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

// Engine benchmark: the real app (Program, hosted in-process) sends a SEND-NOW email campaign to N seeded contacts
// through its SMTP channel to Postfix's smtp-sink on loopback, with the ledger on MariaDB; then a bare MailKit loop sends
// as many comparable messages to the same sink (the raw limit). Usage (see benchmarks/README.md):
//   dotnet run -c Release --no-build --project benchmarks/Engine -- --mode email --recipients 100000 --concurrency 4
//   dotnet run -c Release --no-build --project benchmarks/Engine -- --mode memory --recipients 1000000 --html-kb 4 --minutes 5
//   dotnet run -c Release --no-build --project benchmarks/Engine -- --mode sms --rate 200 --recipients 12000
if (args.Contains(RemoteTwilioStandIn.ChildFlag))
{
    return await RemoteTwilioStandIn.RunChildAsync();
}

var options = EngineBenchmarkOptions.Parse(args);
var sms = options.Mode == "sms";
Console.WriteLine(sms
    ? $"Engine benchmark (sms): {options.Recipients:N0} recipients, rate {options.Rate:N0}/s, concurrency {options.Concurrency}, batch {options.BatchSize}, Twilio stand-in on loopback in its own process"
    : $"Engine benchmark ({options.Mode}): {options.Recipients:N0} recipients, ~{options.HtmlBytes / 1024} KB HTML, rate {options.Rate:N0}/s, " +
      $"concurrency {options.Concurrency}, batch {options.BatchSize}, SMTP pool {options.PoolSize}, sink {options.Host}:{options.Port}");

using var sink = sms ? null : SmtpSink.EnsureRunning(options.Host, options.Port);
await using var twilio = sms ? await RemoteTwilioStandIn.StartAsync() : null;
var stamps = sms ? new SendStamps() : null;
var connectionString = await CreateDatabaseAsync(options);
var settings = new Dictionary<string, string?>
{
    ["Database:Provider"] = "MySql",
    ["ConnectionStrings:Default"] = connectionString,
    ["Campaigns:Delivery:Enabled"] = "true",
    ["Campaigns:Delivery:ScanIntervalSeconds"] = "1",
    ["Campaigns:Delivery:PollMilliseconds"] = "100",
    ["Campaigns:Delivery:BatchSize"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
    ["Campaigns:Delivery:RatePerSecond:Email"] = options.Rate.ToString(CultureInfo.InvariantCulture),
    ["Campaigns:Delivery:Concurrency:Email"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
    ["Campaigns:Delivery:PublicBaseUrl"] = "https://campaigns.acme.example",
    ["Channels:Smtp:Host"] = options.Host,
    ["Channels:Smtp:Port"] = options.Port.ToString(CultureInfo.InvariantCulture),
    ["Channels:Smtp:Security"] = "None",
    ["Channels:Smtp:PoolSize"] = options.PoolSize.ToString(CultureInfo.InvariantCulture),
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:CampaignStudio.Features.Delivery"] = "Information",
};
if (twilio is not null)
{
    foreach (var (key, value) in twilio.Settings)
    {
        settings[key] = value;
    }

    settings["Channels:Twilio:FromNumber"] = "+15005550006";
    settings["Channels:Twilio:MaxConcurrentRequests"] = "16";
    settings["Campaigns:Delivery:RatePerSecond:Sms"] = options.Rate.ToString(CultureInfo.InvariantCulture);
    settings["Campaigns:Delivery:Concurrency:Sms"] = options.Concurrency.ToString(CultureInfo.InvariantCulture);
}

var exitCode = 0;
await using (var app = new EngineApp(settings, stamps))
{
    var services = app.Services; // starts the host: migrations, scanner, workers
    var world = await BenchmarkWorld.CreateAsync(app);
    var seed = Stopwatch.StartNew();
    await world.SeedContactsAsync(options.Recipients, sms ? Channel.Sms : Channel.Email);
    Console.WriteLine($"seeded {options.Recipients:N0} contacts ({(sms ? "sealed mobile number, tag 'all', SMS consent" : "sealed email, tag 'all', email consent")}) in {seed.Elapsed.TotalSeconds:F1} s");
    if (options.WarmUp > 0 && !sms)
    {
        // A server that has been running: the JIT has compiled (and re-compiled with profile data) the send path, and
        // the pools are filled. The warm-up campaign goes to other contacts, to the same sink; it is not measured.
        await world.SeedContactsAsync(options.WarmUp, Channel.Email, options.Recipients + 1, "warm-up");
        var warmUp = Stopwatch.StartNew();
        var warmUpId = await world.ScheduleCampaignAsync(Template.Html(options.HtmlBytes), warmUp: true);
        while (await world.StatusAsync(warmUpId) is not (CampaignStatus.Completed or CampaignStatus.Failed or CampaignStatus.Paused))
        {
            await Task.Delay(100);
        }

        Console.WriteLine($"warm-up campaign to {options.WarmUp:N0} other contacts: {await world.SentCountAsync(warmUpId):N0} sent in {warmUp.Elapsed.TotalSeconds:F1} s (not measured)");
    }

    // Peak RSS from here on: the seeding above builds its INSERTs in this process too, and is not the engine's.
    Memory.ResetPeak();
    var rssBefore = Memory.Read("VmRSS");
    var scheduled = Stopwatch.StartNew();
    var campaignId = sms ? await world.ScheduleSmsCampaignAsync() : await world.ScheduleCampaignAsync(Template.Html(options.HtmlBytes));
    var samples = new Memory.Sampler();
    TimeSpan? sendingAt = null;
    TimeSpan? completedAt = null;
    var cpu = CpuMeter.Mark();
    var deadline = options.Minutes > 0 ? TimeSpan.FromMinutes(options.Minutes) : TimeSpan.FromHours(2);
    var lastReport = TimeSpan.Zero;
    var gcMark = GcReport.Mark();
    using var gcCauses = args.Contains("--gc-causes") ? new GcCauses() : null;
    while (scheduled.Elapsed < deadline)
    {
        var status = await world.StatusAsync(campaignId);
        if (sendingAt is null && status is CampaignStatus.Sending or CampaignStatus.Completed)
        {
            sendingAt = scheduled.Elapsed;
            cpu = CpuMeter.Mark();
            Console.WriteLine($"Sending after {sendingAt.Value.TotalSeconds:F1} s (audience materialised into the ledger); peak RSS so far {Memory.Read("VmHWM") / 1024:N0} MB");
        }

        if (status is CampaignStatus.Completed or CampaignStatus.Failed or CampaignStatus.Paused)
        {
            completedAt = scheduled.Elapsed;
            Console.WriteLine($"{status} after {completedAt.Value.TotalSeconds:F1} s");
            break;
        }

        if (sendingAt is not null && scheduled.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
        {
            lastReport = scheduled.Elapsed;
            var done = await world.SentCountAsync(campaignId);
            Console.WriteLine($"  {scheduled.Elapsed.TotalSeconds:F0} s: {done:N0} sent, {done / (scheduled.Elapsed - sendingAt.Value).TotalSeconds:N0} msg/s, RSS {Memory.Read("VmRSS") / 1024:N0} MB, peak {Memory.Read("VmHWM") / 1024:N0} MB; {GcReport.Since(ref gcMark)}");
        }

        await Task.Delay(50);
    }

    await samples.StopAsync();
    if (gcCauses is not null)
    {
        Console.WriteLine(gcCauses.Report());
    }

    var sent = await world.SentCountAsync(campaignId);
    var counts = await world.CountsAsync(campaignId);
    var sendingSeconds = ((completedAt ?? scheduled.Elapsed) - (sendingAt ?? TimeSpan.Zero)).TotalSeconds;
    var engineRate = sent / sendingSeconds;
    var peakMb = Memory.Read("VmHWM") / 1024.0;
    Console.WriteLine($"ledger: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}"))}");
    Console.WriteLine($"engine: {sent:N0}/{options.Recipients:N0} Sent in {sendingSeconds:F1} s from Sending to {(completedAt is null ? "the time limit" : "Completed")} = {engineRate:N0} msg/s " +
        $"(materialisation {sendingAt?.TotalSeconds:F1} s before that); RSS before the campaign {rssBefore / 1024:N0} MB, peak while materialising and sending {peakMb:N0} MB " +
        $"(max sampled RSS {samples.Max / 1024:N0} MB)");
    Console.WriteLine($"engine: {cpu.PerMessage(sent, "app")}");

    if (options.Mode == "email")
    {
        var raw = Stopwatch.StartNew();
        var rawCpu = CpuMeter.Mark();
        var accepted = await RawMailKitSender.SendAsync(options.Host, options.Port, options.PoolSize, sent, options.HtmlBytes, 10_000_000);
        var rawRate = accepted / raw.Elapsed.TotalSeconds;
        Console.WriteLine($"raw: bare MailKit loop, {options.PoolSize} connections: {accepted:N0} accepted in {raw.Elapsed.TotalSeconds:F1} s = {rawRate:N0} msg/s");
        Console.WriteLine($"raw: {rawCpu.PerMessage(accepted, "loop")}");
        Console.WriteLine($"RESULT mode=email recipients={options.Recipients} concurrency={options.Concurrency} pool={options.PoolSize} engine_msg_s={engineRate:F0} raw_msg_s={rawRate:F0} ratio={engineRate / rawRate:F2} peak_rss_mb={peakMb:F0}");
    }
    else if (twilio is not null)
    {
        // Measured where the provider sees them (the stand-in's own process), and where the engine hands them to HTTP.
        var windows = RateWindows.Of(await twilio.StopAsync());
        var released = RateWindows.Of(stamps!.All);
        Console.WriteLine($"engine: {released.Messages:N0} requests handed to HTTP; {released.Describe(options.Rate)}");
        Console.WriteLine($"stand-in: {windows.Messages:N0} messages accepted over {windows.Seconds:F1} s = {windows.Messages / windows.Seconds:N1}/s at a configured {options.Rate:N0}/s; {windows.Describe(options.Rate)}");
        Console.WriteLine($"RESULT mode=sms recipients={options.Recipients} rate={options.Rate} accepted={windows.Messages} busiest={windows.Busiest} quietest={windows.Quietest} worst_deviation={windows.WorstDeviation(options.Rate):P1} engine_worst_deviation={released.WorstDeviation(options.Rate):P1} peak_rss_mb={peakMb:F0}");
    }
    else
    {
        Console.WriteLine($"RESULT mode=memory recipients={options.Recipients} sent={sent} completed={completedAt is not null} engine_msg_s={engineRate:F0} peak_rss_mb={peakMb:F0}");
    }

    if (sent < options.Recipients && completedAt is not null)
    {
        exitCode = 1;
    }
}

if (!options.Keep)
{
    // Pooled connections of the app (some may have been cut off mid-transaction at shutdown) must not hold locks on the
    // tables being dropped.
    MySqlConnection.ClearAllPools();
    await using var connection = new MySqlConnection(connectionString);
    await connection.OpenAsync();
    await using var drop = new MySqlCommand($"DROP DATABASE `{connection.Database}`", connection);
    await drop.ExecuteNonQueryAsync();
}

return exitCode;

static async Task<string> CreateDatabaseAsync(EngineBenchmarkOptions options)
{
    var server = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_BENCH_MYSQL") is { Length: > 0 } configured
        ? configured
        : "Server=127.0.0.1;Port=3306;User ID=campaignstudio_test;Password=campaignstudio_test";
    var name = $"cs_bench_engine_{Guid.NewGuid():N}"[..28];
    await using (var connection = new MySqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
        await create.ExecuteNonQueryAsync();
    }

    return new MySqlConnectionStringBuilder(server) { Database = name, DefaultCommandTimeout = 600 }.ConnectionString;
}

internal sealed record EngineBenchmarkOptions(string Mode, int Recipients, int Rate, int Concurrency, int BatchSize, int PoolSize, int HtmlBytes, double Minutes, string Host, int Port, bool Keep, int WarmUp)
{
    public static EngineBenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int Number(string name, string fallback) => int.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
        var mode = Get("--mode", "email");
        var concurrency = Number("--concurrency", "4");
        return new EngineBenchmarkOptions(
            mode,
            Number("--recipients", mode switch { "memory" => "1000000", "sms" => "12000", _ => "100000" }),
            Number("--rate", mode == "sms" ? "200" : "20000"),
            concurrency,
            Number("--batch", "500"),
            Number("--pool", concurrency.ToString(CultureInfo.InvariantCulture)),
            Number("--html-kb", "20") * 1024,
            double.Parse(Get("--minutes", "0"), CultureInfo.InvariantCulture),
            Get("--host", "127.0.0.1"),
            Number("--port", "2525"),
            args.Contains("--keep"),
            Number("--warm-up", "0"));
    }
}
