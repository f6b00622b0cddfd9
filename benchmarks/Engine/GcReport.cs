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
        mark = now;
        return text;
    }
}
