using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Campaigns;

public sealed class CampaignScheduleTests
{
    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void At_LocalTimeInKolkata_KeepsZoneAndLocalTimeAndTheUtcInstant()
    {
        var schedule = CampaignSchedule.At(new DateOnly(2026, 11, 8), new TimeOnly(9, 30), "Asia/Kolkata");

        Assert.Equal(CampaignScheduleKind.At, schedule.Kind);
        Assert.Equal("Asia/Kolkata", schedule.TimeZone);
        Assert.Equal(new DateOnly(2026, 11, 8), schedule.LocalDate);
        Assert.Equal(new TimeOnly(9, 30), schedule.LocalTime);
        Assert.Equal(Utc(2026, 11, 8, 4, 0), schedule.EarliestUtc);
        Assert.Null(schedule.LatestUtc);
        Assert.Equal("Send at 2026-11-08 09:30 Asia/Kolkata (2026-11-08 04:00 UTC)", schedule.Describe());
    }

    [Fact]
    public void At_SummerAndWinterInBerlin_UseTheOffsetOfThatDay()
    {
        Assert.Equal(Utc(2026, 7, 1, 7, 0), CampaignSchedule.At(new DateOnly(2026, 7, 1), new TimeOnly(9, 0), "Europe/Berlin").EarliestUtc);
        Assert.Equal(Utc(2026, 12, 1, 8, 0), CampaignSchedule.At(new DateOnly(2026, 12, 1), new TimeOnly(9, 0), "Europe/Berlin").EarliestUtc);
    }

    [Fact]
    public void At_TimeSkippedBySpringForward_IsRefused()
    {
        var skipped = Assert.Throws<ValidationFailedException>(() => CampaignSchedule.At(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), "Europe/Berlin"));

        Assert.Equal("2026-03-29 02:30 does not exist in Europe/Berlin: the clocks skip it for daylight saving. Choose another time.", skipped.Errors["schedule.time"].Single());
    }

    [Fact]
    public void At_TimeRepeatedByFallBack_MeansItsFirstOccurrence()
    {
        var schedule = CampaignSchedule.At(new DateOnly(2026, 10, 25), new TimeOnly(2, 30), "Europe/Berlin");

        Assert.Equal(Utc(2026, 10, 25, 0, 30), schedule.EarliestUtc);
    }

    [Theory]
    [InlineData(null, "Choose a time zone.")]
    [InlineData("India Standard Time", "'India Standard Time' is not a time zone name such as Asia/Kolkata or Europe/Berlin.")]
    [InlineData("Mars/Olympus", "'Mars/Olympus' is not a time zone name such as Asia/Kolkata or Europe/Berlin.")]
    public void At_UnknownOrMissingZone_IsAFieldError(string? zone, string message)
    {
        var invalid = Assert.Throws<ValidationFailedException>(() => CampaignSchedule.At(new DateOnly(2026, 11, 8), new TimeOnly(9, 30), zone));

        Assert.Equal(message, invalid.Errors["schedule.timeZone"].Single());
    }

    [Fact]
    public void AtRecipientLocalTime_WindowRunsFromUtcPlus14ToUtcMinus12()
    {
        var schedule = CampaignSchedule.AtRecipientLocalTime(new DateOnly(2026, 6, 2), new TimeOnly(9, 0));

        Assert.Equal(Utc(2026, 6, 1, 19, 0), schedule.EarliestUtc);
        Assert.Equal(Utc(2026, 6, 2, 21, 0), schedule.LatestUtc);
        Assert.Null(schedule.TimeZone);
        Assert.Equal("Send at 2026-06-02 09:00 in each recipient's time zone (between 2026-06-01 19:00 UTC and 2026-06-02 21:00 UTC)", schedule.Describe());
    }

    [Fact]
    public void AtRecipientLocalTime_OnceTheEarliestZoneReachedIt_IsTooLate()
    {
        var schedule = CampaignSchedule.AtRecipientLocalTime(new DateOnly(2026, 6, 2), new TimeOnly(9, 0));

        Assert.Null(schedule.ProblemAt(Utc(2026, 6, 1, 18, 59)));
        Assert.Equal(
            "2026-06-02 09:00 has already begun in the earliest time zones (2026-06-01 19:00 UTC); choose a later date or time so every recipient gets it at that local time.",
            schedule.ProblemAt(Utc(2026, 6, 1, 19, 0)));
    }

    [Fact]
    public void Campaign_StoresTheScheduleAndReadsItBack()
    {
        var campaign = Campaigns.ReadyDraft();
        var schedule = CampaignSchedule.AtRecipientLocalTime(new DateOnly(2026, 6, 2), new TimeOnly(9, 0));

        campaign.UpdateSchedule(schedule, campaign.Revision, Campaigns.Rohan, Campaigns.Now);

        Assert.Equal(schedule, campaign.ReadSchedule());
        Assert.Equal(Utc(2026, 6, 1, 19, 0), campaign.ScheduledForUtc);
        Assert.Equal(Utc(2026, 6, 2, 21, 0), campaign.ScheduleLatestUtc);
        Assert.Equal(new TimeOnly(9, 0), campaign.ScheduleLocalTime);
    }
}
