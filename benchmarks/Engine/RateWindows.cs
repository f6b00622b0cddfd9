namespace CampaignStudio.Benchmarks.Engine;

/// <summary>
/// How evenly messages arrived at a provider: every 1-second window that starts at an arrival, the busiest one over the
/// whole run and the quietest one in the steady part (windows that end before the last arrival; the first second, when
/// the workers start, included).
/// </summary>
internal sealed record RateWindows(int Messages, double Seconds, int Busiest, int Quietest, double BusiestAt = 0, int BusiestAfterFirstSecond = 0, double QuietestAt = 0)
{
    public static RateWindows Of(IReadOnlyList<DateTimeOffset> arrivals)
    {
        var times = arrivals.Order().ToList();
        if (times.Count == 0)
        {
            return new RateWindows(0, 0, 0, 0);
        }

        var span = TimeSpan.FromSeconds(1);
        var last = times[^1];
        var busiest = 0;
        var busiestAt = 0.0;
        var busiestLater = 0;
        var quietest = int.MaxValue;
        var quietestAt = 0.0;
        for (int start = 0, end = 0; start < times.Count; start++)
        {
            // end: the first arrival at or after times[start] + 1 s.
            while (end < times.Count && times[end] - times[start] < span)
            {
                end++;
            }

            var count = end - start;
            if (count > busiest)
            {
                busiest = count;
                busiestAt = (times[start] - times[0]).TotalSeconds;
            }

            if (times[start] - times[0] >= span)
            {
                busiestLater = Math.Max(busiestLater, count);
            }

            if (times[start] + span <= last && count < quietest)
            {
                quietest = count;
                quietestAt = (times[start] - times[0]).TotalSeconds;
            }
        }

        return new RateWindows(times.Count, (last - times[0]).TotalSeconds, busiest, quietest == int.MaxValue ? busiest : quietest, busiestAt, busiestLater, quietestAt);
    }

    /// <summary>The busiest and the quietest window, each with its deviation from <paramref name="rate"/>.</summary>
    public string Describe(int rate) =>
        $"busiest 1-s window {Busiest:N0} ({(Busiest - rate) / (double)rate:+0.0%;-0.0%}, from {BusiestAt:F1} s; after the first second {BusiestAfterFirstSecond:N0}, {(BusiestAfterFirstSecond - rate) / (double)rate:+0.0%;-0.0%}), quietest steady 1-s window {Quietest:N0} ({(Quietest - rate) / (double)rate:+0.0%;-0.0%}, from {QuietestAt:F1} s)";

    /// <summary>The larger of the busiest window's excess and the quietest one's shortfall, as a share of the rate.</summary>
    public double WorstDeviation(int rate) => Math.Max(Busiest - rate, rate - Quietest) / (double)rate;
}
