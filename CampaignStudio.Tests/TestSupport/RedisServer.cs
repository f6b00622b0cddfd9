using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's package; run-tests.sh installs it) on a free loopback port, without
/// persistence, started for the tests that use it and killed after them. Fails, never skips, when it is missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "campaignstudio-redis", Guid.NewGuid().ToString("N")[..12]);
    private readonly StringBuilder output = new();
    private Process? process;

    public int Port { get; private set; }

    /// <summary>A server on <paramref name="port"/> (for a test that starts the app before Redis is there).</summary>
    public static async Task<RedisServer> StartAsync(int port)
    {
        var server = new RedisServer { Port = port };
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_REDIS_SERVER") is { Length: > 0 } configured ? configured : "/usr/bin/redis-server";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"redis-server is not at '{executable}'. Run the tests through run-tests.sh (it installs Debian's redis-server), or set CAMPAIGNSTUDIO_REDIS_SERVER.");
        }

        Directory.CreateDirectory(folder);
        Port = Port == 0 ? FreeLoopbackPort() : Port;
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", folder })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await AnswersPingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING. Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
