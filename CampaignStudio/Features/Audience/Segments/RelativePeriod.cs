namespace CampaignStudio.Features.Audience.Segments;

/// <summary>An amount of days, weeks or months back from now.</summary>
public sealed class RelativePeriod
{
    public int Amount { get; set; }

    public PeriodUnit Unit { get; set; } = PeriodUnit.Days;

    /// <summary>The instant <see cref="Amount"/> units before <paramref name="nowUtc"/>.</summary>
    public DateTime Before(DateTime nowUtc) => PeriodMath.Subtract(nowUtc, Amount, Unit);
}
