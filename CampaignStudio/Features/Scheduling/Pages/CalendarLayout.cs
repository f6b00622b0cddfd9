using System.Globalization;

namespace CampaignStudio.Features.Scheduling.Pages;

/// <summary>The calendar's arithmetic of days: which days a view shows, and where previous and next lead.</summary>
public static class CalendarLayout
{
    /// <summary>Weeks start on Monday (ISO 8601).</summary>
    public const DayOfWeek FirstDayOfWeek = DayOfWeek.Monday;

    /// <summary>The first day of the week <paramref name="day"/> is in.</summary>
    public static DateOnly WeekStart(DateOnly day, DayOfWeek firstDay = FirstDayOfWeek) =>
        day.AddDays(-(((int)day.DayOfWeek - (int)firstDay + 7) % 7));

    /// <summary>Whole weeks covering the month of <paramref name="anyDayOfMonth"/>: from the week of its 1st to the week of its last day.</summary>
    public static IReadOnlyList<DateOnly> MonthGrid(DateOnly anyDayOfMonth, DayOfWeek firstDay = FirstDayOfWeek)
    {
        var first = new DateOnly(anyDayOfMonth.Year, anyDayOfMonth.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var start = WeekStart(first, firstDay);
        var end = WeekStart(last, firstDay).AddDays(7);
        return [.. Enumerable.Range(0, end.DayNumber - start.DayNumber).Select(start.AddDays)];
    }

    /// <summary>The days a view of <paramref name="mode"/> around <paramref name="anchor"/> shows, in order.</summary>
    public static IReadOnlyList<DateOnly> Days(CalendarMode mode, DateOnly anchor) => mode switch
    {
        CalendarMode.Month => MonthGrid(anchor),
        CalendarMode.Week => [.. Enumerable.Range(0, 7).Select(WeekStart(anchor).AddDays)],
        _ => [anchor],
    };

    /// <summary>The anchor of the previous (<paramref name="step"/> −1) or next (+1) view.</summary>
    public static DateOnly Move(CalendarMode mode, DateOnly anchor, int step) => mode switch
    {
        CalendarMode.Month => new DateOnly(anchor.Year, anchor.Month, 1).AddMonths(step),
        CalendarMode.Week => anchor.AddDays(7 * step),
        _ => anchor.AddDays(step),
    };

    /// <summary>"June 2026", "1 – 7 June 2026", "Monday 1 June 2026".</summary>
    public static string Title(CalendarMode mode, DateOnly anchor)
    {
        var culture = CultureInfo.InvariantCulture;
        switch (mode)
        {
            case CalendarMode.Month:
                return anchor.ToString("MMMM yyyy", culture);
            case CalendarMode.Week:
                var start = WeekStart(anchor);
                var end = start.AddDays(6);
                return start.Month == end.Month
                    ? $"{start.Day.ToString(culture)} – {end.ToString("d MMMM yyyy", culture)}"
                    : start.Year == end.Year
                        ? $"{start.ToString("d MMMM", culture)} – {end.ToString("d MMMM yyyy", culture)}"
                        : $"{start.ToString("d MMMM yyyy", culture)} – {end.ToString("d MMMM yyyy", culture)}";
            default:
                return anchor.ToString("dddd d MMMM yyyy", culture);
        }
    }
}
