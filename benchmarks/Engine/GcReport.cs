using System.Diagnostics;

/// <summary>What the garbage collector did between two progress lines: bytes allocated per second, collections per generation and the share of wall time paused.</summary>
internal static class GcReport
{
    public readonly record struct Point(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Ticks);

    public static Point Mark() =>
        new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), Stopwatch.GetTimestamp());

    public static string Since(ref Point mark)
    {
        var now = Mark();
        var seconds = Stopwatch.GetElapsedTime(mark.Ticks, now.Ticks).TotalSeconds;
        var text = $"GC: {(now.Allocated - mark.Allocated) / seconds / (1 << 20):N0} MB/s allocated, gen0/1/2 {now.Gen0 - mark.Gen0}/{now.Gen1 - mark.Gen1}/{now.Gen2 - mark.Gen2}, paused {(now.Paused - mark.Paused).TotalSeconds / seconds:P0}";
        var last = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        var sizes = last.GenerationInfo;
        text += $"; last gen{last.Generation}: promoted {last.PromotedBytes / 1024:N0} KB, paused {last.PauseDurations[0].TotalMilliseconds:F1} ms, " +
            $"gen0/1/2 after {sizes[0].SizeAfterBytes / 1024:N0}/{sizes[1].SizeAfterBytes / 1024:N0}/{sizes[2].SizeAfterBytes / 1024:N0} KB";
        mark = now;
        return text;
    }
}

/// <summary>
/// Why the collector ran and what went to the large-object heap: counts GC starts by generation, reason and type
/// (blocking or background), and the types of sampled allocations (one sample every ~100 KB allocated), small and large.
/// </summary>
internal sealed class GcCauses : System.Diagnostics.Tracing.EventListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> starts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> large = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> small = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName is null || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        if (e.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            var depth = Field(e, "Depth");
            var reason = Field(e, "Reason") switch { "0" => "small alloc", "1" => "induced", "4" => "large alloc", "5" => "out of space", "6" => "out of space (LOH)", var r => $"reason {r}" };
            var type = Field(e, "Type") switch { "0" => "blocking", "1" => "background", "2" => "foreground", var t => t };
            starts.AddOrUpdate($"gen{depth} {type} by {reason}", 1, (_, n) => n + 1);
        }
        else if (e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            var bytes = long.Parse(Field(e, "AllocationAmount64"), System.Globalization.CultureInfo.InvariantCulture);
            (Field(e, "AllocationKind") == "1" ? large : small).AddOrUpdate(Field(e, "TypeName"), bytes, (_, n) => n + bytes);
        }
    }

    public string Report() =>
        "GC starts: " + string.Join(", ", starts.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")) +
        "\nlarge-object allocations (sampled bytes by type): " + Top(large, 8) +
        "\nsmall-object allocations (sampled bytes by type, share of all sampled small bytes): " + Top(small, 20);

    private static string Top(System.Collections.Concurrent.ConcurrentDictionary<string, long> bytesByType, int count)
    {
        var total = Math.Max(1, bytesByType.Values.Sum());
        return string.Join(", ", bytesByType.OrderByDescending(s => s.Value).Take(count).Select(s => $"{s.Key} {s.Value / (1 << 20):N0} MB ({s.Value / (double)total:P0})"));
    }

    private static string Field(System.Diagnostics.Tracing.EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index < 0 ? "" : Convert.ToString(e.Payload![index], System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
