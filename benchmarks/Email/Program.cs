using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CampaignStudio.Benchmarks.Email;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Email channel benchmark: personalised ~20 KB HTML emails to Postfix's smtp-sink on loopback, (a) by a bare MailKit loop
// over persistent connections (the raw limit) and (b) through EmailChannel in batches, as the engine sends them.
// Usage (see benchmarks/README.md):
//   smtp-sink -u postfix -c 127.0.0.1:2525 1000 > /dev/null &   (or let the benchmark start it)
//   dotnet run -c Release --project benchmarks/Email -- --messages 20000 --connections 4
var options = EmailBenchmarkOptions.Parse(args);
Console.WriteLine($"Email benchmark: {options.Messages:N0} messages of ~{options.HtmlBytes / 1024} KB HTML to {options.Host}:{options.Port}, " +
    $"{options.Connections} connections, batches of {options.BatchSize} ({options.ParallelBatches} at a time){(options.Dkim ? ", DKIM-signed" : "")}, {options.Rounds} rounds");
Console.WriteLine($"sample: {PersonalisedEmails.Create(1, options.HtmlBytes).Html!.Length:N0} chars of HTML, {PersonalisedEmails.Create(1, options.HtmlBytes).Text!.Length:N0} of text");

using var sink = SmtpSink.EnsureRunning(options.Host, options.Port);
var smtp = new SmtpOptions
{
    Host = options.Host,
    Port = options.Port,
    Security = SmtpSecurity.None,
    PoolSize = options.Connections,
};
if (options.Dkim)
{
    using var rsa = RSA.Create(2048);
    smtp.Dkim = new SmtpDkimOptions { Domain = "acme.example", Selector = "bench", PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem() };
}

var wrapped = Options.Create(smtp);
await using var pool = new SmtpConnectionPool(wrapped, NullLogger<SmtpConnectionPool>.Instance, TimeProvider.System);
var channel = new EmailChannel(pool, new EmailComposer(wrapped, TimeProvider.System), wrapped);

// Warm-up (JIT, first connections), not timed.
await RawMailKitSender.SendAsync(options.Host, options.Port, options.Connections, 500, options.HtmlBytes, 1);
await SendThroughChannelAsync(channel, options, 500, 1);

var raw = new List<double>();
var app = new List<double>();
long nextId = 1_000;
for (var round = 1; round <= options.Rounds; round++)
{
    var watch = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sent = await RawMailKitSender.SendAsync(options.Host, options.Port, options.Connections, options.Messages, options.HtmlBytes, nextId);
    raw.Add(Report($"round {round}  (a) bare MailKit loop", sent, options.Messages, watch.Elapsed, cpu));
    nextId += options.Messages;

    watch.Restart();
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var accepted = await SendThroughChannelAsync(channel, options, options.Messages, nextId);
    app.Add(Report($"round {round}  (b) EmailChannel      ", accepted, options.Messages, watch.Elapsed, cpu));
    nextId += options.Messages;
}

var rawMedian = Median(raw);
var appMedian = Median(app);
Console.WriteLine($"median of {options.Rounds}: (a) raw {rawMedian:N0} msg/s, (b) channel {appMedian:N0} msg/s, ratio channel/raw {appMedian / rawMedian:F2}; " +
    $"connections opened by the channel's pool: {pool.ConnectionsOpened}");
return 0;

static async Task<int> SendThroughChannelAsync(EmailChannel channel, EmailBenchmarkOptions options, int messages, long firstId)
{
    var accepted = 0;
    var batches = Enumerable.Range(0, (messages + options.BatchSize - 1) / options.BatchSize).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.ParallelBatches }, async (batch, cancellationToken) =>
    {
        var start = firstId + ((long)batch * options.BatchSize);
        var count = (int)Math.Min(options.BatchSize, firstId + messages - start);
        var rendered = new List<OutgoingMessage>(count);
        for (var i = 0; i < count; i++)
        {
            rendered.Add(PersonalisedEmails.Create(start + i, options.HtmlBytes));
        }

        var results = await channel.SendAsync(rendered, cancellationToken);
        var ok = results.Count(r => r.Outcome == SendOutcome.Accepted);
        if (ok < count)
        {
            Console.WriteLine($"  batch {batch}: {count - ok} not accepted, e.g. {results.First(r => r.Outcome != SendOutcome.Accepted).Error}");
        }

        Interlocked.Add(ref accepted, ok);
    });
    return accepted;
}

// CPU time of this process (rendering, MIME, sockets; not smtp-sink's) per message: steadier than wall time when other
// work shares the cores.
static double Report(string label, int accepted, int messages, TimeSpan elapsed, TimeSpan cpuBefore)
{
    var rate = accepted / elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    Console.WriteLine($"{label}: {accepted:N0}/{messages:N0} accepted in {elapsed.TotalSeconds:F2} s = {rate:N0} msg/s, CPU {cpu.TotalMilliseconds * 1000 / messages:N0} µs/message");
    return rate;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record EmailBenchmarkOptions(string Host, int Port, int Messages, int Connections, int BatchSize, int ParallelBatches, int HtmlBytes, int Rounds, bool Dkim)
{
    public static EmailBenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int Number(string name, string fallback) => int.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
        return new EmailBenchmarkOptions(
            Get("--host", "127.0.0.1"),
            Number("--port", "2525"),
            Number("--messages", "20000"),
            Number("--connections", "4"),
            Number("--batch", "200"),
            Number("--parallel-batches", "4"), // the engine's default Campaigns:Delivery:Concurrency:Email
            Number("--html-kb", "20") * 1024,
            Number("--rounds", "3"),
            args.Contains("--dkim"));
    }
}
