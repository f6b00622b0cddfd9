using System.Diagnostics;
using System.Globalization;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>
/// CPU time (user + system) used by this process, the database server and the SMTP sink between two marks: divided by the
/// messages sent, it tells what each message costs on the machine, a figure that varies far less from run to run than
/// the send rate on a shared machine. The other processes are found by name in /proc; their times are in clock ticks
/// (100 a second on Linux).
/// </summary>
internal sealed class CpuMeter
{
    private static readonly string[] Others = ["mariadbd", "mysqld", "smtp-sink"];
    private const double TicksPerSecond = 100;

    private readonly TimeSpan own;
    private readonly Dictionary<string, double> others;

    private CpuMeter(TimeSpan own, Dictionary<string, double> others)
    {
        this.own = own;
        this.others = others;
    }

    public static CpuMeter Mark()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuMeter(self.TotalProcessorTime, ReadOthers());
    }

    /// <summary>Microseconds of CPU per message since this mark, for this process and each other one that ran.</summary>
    public string PerMessage(long messages, string ownName)
    {
        var now = Mark();
        var parts = new List<string> { $"{ownName} {(now.own - own).TotalMicroseconds / messages:N0} µs" };
        foreach (var (name, seconds) in now.others)
        {
            var used = seconds - others.GetValueOrDefault(name);
            if (used > 0)
            {
                parts.Add($"{name} {used * 1_000_000 / messages:N0} µs");
            }
        }

        return $"CPU per message: {string.Join(", ", parts)}";
    }

    private static Dictionary<string, double> ReadOthers()
    {
        var seconds = new Dictionary<string, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var comm = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                if (!Others.Contains(comm))
                {
                    continue;
                }

                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                seconds[comm] = seconds.GetValueOrDefault(comm) + (ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The process ended, or it is not a process directory.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return seconds;
    }
}
