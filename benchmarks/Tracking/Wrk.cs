using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CampaignStudio.Benchmarks.Tracking;

/// <summary>Runs wrk and reads its summary: requests, requests per second, p99 latency, errors.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string url, string pathsFile, int threads, int connections, int seconds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "random-paths.lua");
        var arguments = $"-t{threads} -c{connections} -d{seconds}s --latency -s {script} {url} {pathsFile}";
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"wrk could not be started ({e.Message}); install it with: apt-get install -y wrk", e);
        }

        using var process = started ?? throw new InvalidOperationException("wrk did not start; install it with: apt-get install -y wrk");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var perSecond = double.Parse(PerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = Milliseconds(P99().Match(output));
        var p50 = Milliseconds(P50().Match(output));
        var bad = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Match(output) is { Success: true } s ? s.Value : "none";
        return new WrkResult($"wrk {arguments}", requests, perSecond, p50, p99, bad, socketErrors, output);
    }

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex PerSecond();

    [GeneratedRegex(@"\s99%\s+([\d.]+)(us|ms|s|m)")]
    private static partial Regex P99();

    [GeneratedRegex(@"\s50%\s+([\d.]+)(us|ms|s|m)")]
    private static partial Regex P50();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors:[^\n]*")]
    private static partial Regex SocketErrors();
}

internal sealed record WrkResult(string Command, long Requests, double PerSecond, double P50Ms, double P99Ms, long NonSuccess, string SocketErrors, string Output);
