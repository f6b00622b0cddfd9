using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// The app's own executable running as a web server in a separate OS process, configured like a deployment (database,
/// providers, engine settings as environment variables), for tests that kill it hard or run several instances side by
/// side. <see cref="StartAsync"/> returns once it listens; <see cref="Kill"/> is SIGKILL (no shutdown code runs),
/// <see cref="StopAsync"/> is SIGTERM (a graceful shutdown). Its output is kept (<see cref="Output"/>) and its
/// engine's start and completion lines are logged, so tests can count them.
/// </summary>
public sealed partial class AppServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelper? output;

    private AppServerProcess(string name, Process process, ITestOutputHelper? output)
    {
        Name = name;
        this.process = process;
        this.output = output;
    }

    /// <summary>The most lines of its output <see cref="DisposeAsync"/> copies into the test's output.</summary>
    public const int OutputLinesKept = 80;

    /// <summary>A name for messages (e.g. the instance name).</summary>
    public string Name { get; }

    public int ProcessId => process.Id;

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => process.HasExited;

    /// <summary>Everything it wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output => [.. lines];

    /// <summary>
    /// Starts the app on <paramref name="database"/> with <paramref name="settings"/> (configuration keys such as
    /// <c>Campaigns:Delivery:LeaseSeconds</c>, passed as environment variables) on a free loopback port. With
    /// <paramref name="output"/>, the end of what it wrote (its warnings and errors, its engine's lines) goes into the
    /// test's output when it is disposed, so a failed test shows what the process was doing.
    /// </summary>
    public static async Task<AppServerProcess> StartAsync(string name, TestDatabase database, IReadOnlyDictionary<string, string?> settings, ITestOutputHelper? output = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppProcess.AppDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__CampaignStudio.Features.Delivery.Engine.CampaignRunner"] = "Information";
        foreach (var (key, value) in database.Settings.Concat(settings))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new AppServerProcess(name, process, output);
        process.OutputDataReceived += (_, e) => server.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => server.Receive(e.Data);
        process.Exited += (_, _) => server.listening.TrySetException(new InvalidOperationException($"App process {name} exited before it listened:\n{string.Join('\n', server.lines)}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start app process {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.BaseAddress = await server.listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Output lines that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Lines(string text) => [.. lines.Where(l => l.Contains(text, StringComparison.Ordinal))];

    /// <summary>SIGKILL: the process ends at once, mid-whatever; no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it: the host shuts down gracefully (or is killed after <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || !await SendTermAsync(process.Id))
        {
            await KillAsync();
            return;
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }

        process.Dispose();
        if (output is not null)
        {
            var all = Output;
            output.WriteLine($"--- app process {Name}: {(all.Count > OutputLinesKept ? $"the last {OutputLinesKept} of {all.Count} lines" : $"{all.Count} lines")} of its output");
            foreach (var line in all.TakeLast(OutputLinesKept))
            {
                output.WriteLine(line);
            }
        }
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>SIGTERM through the shell's own <c>kill</c>, which every Debian has (the <c>kill</c> program comes with procps, which a slim image lacks).</summary>
    private static async Task<bool> SendTermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "kill -TERM \"$0\"", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }
}
