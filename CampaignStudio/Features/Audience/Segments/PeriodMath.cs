namespace CampaignStudio.Features.Audience.Segments;

internal static class PeriodMath
{
    /// <summary>The most units a relative period may span (about 100 years), so that dates stay representable.</summary>
    public static int MaxAmount(PeriodUnit unit) => unit switch
    {
        PeriodUnit.Days => 36_500,
        PeriodUnit.Weeks => 5_200,
        _ => 1_200,
    };

    public static DateTime Subtract(DateTime nowUtc, int amount, PeriodUnit unit) => unit switch
    {
        PeriodUnit.Days => nowUtc.AddDays(-amount),
        PeriodUnit.Weeks => nowUtc.AddDays(-7 * amount),
        _ => nowUtc.AddMonths(-amount),
    };

    /// <summary>Midnight UTC at the start of <paramref name="day"/>.</summary>
    public static DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
