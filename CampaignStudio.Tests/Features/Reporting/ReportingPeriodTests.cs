using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Reporting;

/// <summary>Periods are whole days of the viewer's zone; the period before has the same length; bad ranges say why.</summary>
public sealed class ReportingPeriodTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void LastDays_Thirty_EndsWithTodayAndThePreviousIsTheThirtyBefore()
    {
        var period = ReportingPeriod.LastDays(30, Now, TimeZoneInfo.Utc);

        Assert.Equal((new DateOnly(2026, 5, 3), new DateOnly(2026, 6, 1), 30), (period.FirstDay, period.LastDay, period.Days));
        var before = period.Previous;
        Assert.Equal((new DateOnly(2026, 4, 3), new DateOnly(2026, 5, 2), 30), (before.FirstDay, before.LastDay, before.Days));
        Assert.Equal(period.FromUtc, before.ToUtc);
    }

    [Fact]
    public void LastDays_InIndia_DaysStartAtLocalMidnight()
    {
        // 1 June 23:00 UTC is already 2 June in India.
        var period = ReportingPeriod.LastDays(1, new DateTime(2026, 6, 1, 23, 0, 0, DateTimeKind.Utc), Kolkata);

        Assert.Equal(new DateOnly(2026, 6, 2), period.FirstDay);
        Assert.Equal(new DateTime(2026, 6, 1, 18, 30, 0, DateTimeKind.Utc), period.FromUtc);
        Assert.Equal(new DateTime(2026, 6, 2, 18, 30, 0, DateTimeKind.Utc), period.ToUtc);
        Assert.True(period.Contains(new DateTime(2026, 6, 1, 18, 30, 0, DateTimeKind.Utc)));
        Assert.False(period.Contains(period.ToUtc));
    }

    [Fact]
    public void Between_DayOfTheClockChange_IsTwentyThreeHoursLong()
    {
        var period = ReportingPeriod.Between(new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 29), Berlin);

        Assert.Equal(TimeSpan.FromHours(23), period.ToUtc - period.FromUtc);
        Assert.Equal([new DateOnly(2026, 3, 29)], period.EachDay());
    }

    [Fact]
    public void Between_EndBeforeStart_SaysSo()
    {
        var refused = Assert.Throws<DomainException>(() => ReportingPeriod.Between(new DateOnly(2026, 6, 1), new DateOnly(2026, 5, 1), TimeZoneInfo.Utc));

        Assert.Equal("The period ends (2026-05-01) before it starts (2026-06-01).", refused.Message);
    }

    [Fact]
    public void Between_LongerThanAYear_IsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => ReportingPeriod.Between(new DateOnly(2025, 1, 1), new DateOnly(2026, 6, 1), TimeZoneInfo.Utc));

        Assert.Contains("at most 366 days", refused.Message);
        Assert.Throws<DomainException>(() => ReportingPeriod.LastDays(0, Now, TimeZoneInfo.Utc));
    }
}
