using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>
/// The Twilio stand-in in a process of its own, as the real provider is: its arrival times are then taken by a process
/// the engine's garbage collections and thread-pool stalls do not pause, so a message released on time is not counted
/// late. This benchmark runs itself again with <c>--twilio-stand-in</c> (see <see cref="RunChildAsync"/>); the child
/// prints its address, and when told to stop, the arrival time (UTC ticks) of every message it accepted.
/// </summary>
internal sealed class RemoteTwilioStandIn : IAsyncDisposable
{
    public const string ChildFlag = "--twilio-stand-in";
    private readonly Process process;

    private RemoteTwilioStandIn(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Dictionary<string, string?> Settings => new()
    {
        ["Channels:Twilio:BaseUrl"] = BaseUrl.ToString(),
        ["Channels:Twilio:AccountSid"] = TwilioStandIn.DefaultAccountSid,
        ["Channels:Twilio:AuthToken"] = TwilioStandIn.DefaultAuthToken,
    };

    public static async Task<RemoteTwilioStandIn> StartAsync()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is not known.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Run as `dotnet Engine.Benchmarks.dll`: the child is the same assembly.
            start.ArgumentList.Add(typeof(RemoteTwilioStandIn).Assembly.Location);
        }

        start.ArgumentList.Add(ChildFlag);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Twilio stand-in process did not start.");
        var first = await process.StandardOutput.ReadLineAsync();
        if (first is null || !first.StartsWith("URL ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The Twilio stand-in process answered '{first}' instead of its address.");
        }

        return new RemoteTwilioStandIn(process, new Uri(first[4..]));
    }

    /// <summary>Stops the stand-in and returns when it accepted each message.</summary>
    public async Task<List<DateTimeOffset>> StopAsync()
    {
        await process.StandardInput.WriteLineAsync("stop");
        await process.StandardInput.FlushAsync();
        var arrivals = new List<DateTimeOffset>();
        while (await process.StandardOutput.ReadLineAsync() is { } line && line != "END")
        {
            arrivals.Add(new DateTimeOffset(long.Parse(line, CultureInfo.InvariantCulture), TimeSpan.Zero));
        }

        await process.WaitForExitAsync();
        return arrivals;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>The child's side: serve until a line arrives on standard input, then print the arrival times.</summary>
    public static async Task<int> RunChildAsync()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        await WarmUpAsync(twilio);
        Console.WriteLine($"URL {twilio.BaseUrl}");
        await Console.In.ReadLineAsync();
        foreach (var arrival in twilio.AcceptedAt)
        {
            Console.WriteLine(arrival.UtcTicks.ToString(CultureInfo.InvariantCulture));
        }

        Console.WriteLine("END");
        return 0;
    }

    /// <summary>
    /// A provider in service is warm: the stand-in sends itself a few hundred messages first (compiling its request path),
    /// then forgets them, so the run measures the engine's pacing and not the stand-in's first-request start-up.
    /// </summary>
    private static async Task WarmUpAsync(TwilioStandIn twilio)
    {
        using var client = new HttpClient { BaseAddress = twilio.BaseUrl };
        var auth = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"));
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"2010-04-01/Accounts/{twilio.AccountSid}/Messages.json")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = "+15005550009", ["From"] = "+15005550006", ["Body"] = "warm-up" }),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", auth);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        twilio.ClearRecordings();
    }
}

/// <summary>Notes when the app hands each request to its HTTP connection: the engine's own release times, before the network and the stand-in.</summary>
internal sealed class SendStamps
{
    private readonly ConcurrentQueue<DateTimeOffset> stamps = new();

    public IReadOnlyList<DateTimeOffset> All => [.. stamps];

    public DelegatingHandler Handler() => new StampHandler(stamps);

    private sealed class StampHandler(ConcurrentQueue<DateTimeOffset> stamps) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/Messages.json", StringComparison.Ordinal) == true)
            {
                stamps.Enqueue(DateTimeOffset.UtcNow);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
