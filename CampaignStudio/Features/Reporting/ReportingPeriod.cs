using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Reporting;

/// <summary>
/// A run of whole calendar days in the viewer's time zone, as UTC instants: <see cref="FromUtc"/> is the start of the
/// first day, <see cref="ToUtc"/> the start of the day after the last (exclusive). Campaigns belong to the period in
/// which they started sending. <see cref="Previous"/> is the same number of days just before, for comparisons.
/// </summary>
public sealed record ReportingPeriod(DateOnly FirstDay, DateOnly LastDay, DateTime FromUtc, DateTime ToUtc, TimeZoneInfo Zone)
{
    /// <summary>The longest period a report or a dashboard covers.</summary>
    public const int MaxDays = 366;

    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;

    /// <summary>"Last 7 days": today (in <paramref name="zone"/>) and the days before it.</summary>
    public static ReportingPeriod LastDays(int days, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new DomainException($"A period is 1 to {MaxDays} days long; {days} days is not.");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone));
        return Between(today.AddDays(1 - days), today, zone);
    }

    /// <summary>From <paramref name="first"/> to <paramref name="last"/>, both days included.</summary>
    public static ReportingPeriod Between(DateOnly first, DateOnly last, TimeZoneInfo zone)
    {
        if (last < first)
        {
            throw new DomainException($"The period ends ({last:yyyy-MM-dd}) before it starts ({first:yyyy-MM-dd}).");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new DomainException($"A period is at most {MaxDays} days long; {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is {last.DayNumber - first.DayNumber + 1} days.");
        }

        return new ReportingPeriod(first, last, StartOfDayUtc(first, zone), StartOfDayUtc(last.AddDays(1), zone), zone);
    }

    /// <summary>The same number of days, ending the day before this period starts.</summary>
    public ReportingPeriod Previous => Between(FirstDay.AddDays(-Days), FirstDay.AddDays(-1), Zone);

    public bool Contains(DateTime utc) => utc >= FromUtc && utc < ToUtc;

    /// <summary>The day (in the period's zone) of an instant.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    /// <summary>Every day of the period, in order.</summary>
    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = FirstDay; day <= LastDay; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>"2026-05-26 – 2026-06-01".</summary>
    public string Describe() => FirstDay == LastDay ? $"{FirstDay:yyyy-MM-dd}" : $"{FirstDay:yyyy-MM-dd} – {LastDay:yyyy-MM-dd}";

    /// <summary>Local midnight as UTC; where a clock change skips midnight, the first local time that exists after it.</summary>
    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
