using System.Diagnostics;
using System.Net.Sockets;

namespace CampaignStudio.Benchmarks.Email;

/// <summary>Uses the SMTP server already listening, or starts Postfix's smtp-sink for the run when there is none.</summary>
internal sealed class SmtpSink : IDisposable
{
    private const string SinkPath = "/usr/sbin/smtp-sink";
    private readonly Process? process;

    private SmtpSink(Process? process) => this.process = process;

    public static SmtpSink EnsureRunning(string host, int port)
    {
        if (Answers(host, port))
        {
            Console.WriteLine($"using the SMTP server already listening on {host}:{port}");
            return new SmtpSink(null);
        }

        if (!File.Exists(SinkPath))
        {
            throw new InvalidOperationException(
                $"Nothing listens on {host}:{port} and {SinkPath} is missing: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix, then smtp-sink -u postfix -c {host}:{port} 1000 > /dev/null &");
        }

        var start = new ProcessStartInfo(SinkPath) { UseShellExecute = false };
        if (Environment.UserName == "root")
        {
            // smtp-sink refuses to run as root without a user to switch to after binding the port.
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postfix");
        }

        start.ArgumentList.Add($"{host}:{port}");
        start.ArgumentList.Add("1000");

        var started = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {SinkPath}.");
        for (var i = 0; i < 100 && !Answers(host, port); i++)
        {
            Thread.Sleep(50);
        }

        if (!Answers(host, port))
        {
            throw new InvalidOperationException($"{SinkPath} did not start listening on {host}:{port}; see its message above.");
        }

        Console.WriteLine($"started {SinkPath} {string.Join(' ', start.ArgumentList)} for this run");
        return new SmtpSink(started);
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
    }

    private static bool Answers(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(host, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
