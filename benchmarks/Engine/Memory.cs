using System.Globalization;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>This process's resident memory from /proc/self/status (kB), and its peak (VmHWM) since <see cref="ResetPeak"/>.</summary>
internal static class Memory
{
    public static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Resets VmHWM to the current RSS (Linux: writing 5 to /proc/self/clear_refs).</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            Console.WriteLine("could not reset the peak RSS; VmHWM includes the seeding");
        }
        catch (UnauthorizedAccessException)
        {
            Console.WriteLine("could not reset the peak RSS; VmHWM includes the seeding");
        }
    }

    /// <summary>Samples VmRSS every 200 ms, as a cross-check of VmHWM.</summary>
    internal sealed class Sampler
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;
        private long max;

        public Sampler() => loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                max = Math.Max(max, Read("VmRSS"));
                try
                {
                    await Task.Delay(200, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        public long Max => max;

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }
}
