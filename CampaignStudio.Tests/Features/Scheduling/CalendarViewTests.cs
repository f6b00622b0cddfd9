using Bunit;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Scheduling;
using CampaignStudio.Features.Scheduling.Pages;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Scheduling;

/// <summary>The calendar's views without a database: which days a month shows, and where a campaign sits in the viewer's zone.</summary>
public sealed class CalendarViewTests : BunitContextBase
{
    private static readonly TimeZoneInfo India = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo California = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    [InlineData("2026-02-10", "2026-01-26", "2026-03-01", 35)] // 1 February 2026 is a Sunday: the grid starts on Monday 26 January.
    [InlineData("2026-06-30", "2026-06-01", "2026-07-05", 35)] // 1 June 2026 is a Monday: the grid starts on the 1st.
    [InlineData("2026-08-01", "2026-07-27", "2026-09-06", 42)] // August 2026 spans six weeks.
    [InlineData("2027-02-14", "2027-02-01", "2027-02-28", 28)] // February 2027: Monday 1st to Sunday 28th, four weeks.
    public void MonthView_OfAMonth_StartsOnTheMondayOfItsFirstWeekAndEndsOnTheSundayOfItsLast(string anyDay, string first, string last, int days)
    {
        var cut = Render<CalendarMonthView>(p => p
            .Add(v => v.Month, DateOnly.Parse(anyDay, System.Globalization.CultureInfo.InvariantCulture))
            .Add(v => v.Zone, India)
            .Add(v => v.Today, new DateOnly(2026, 6, 1)));

        var cells = cut.FindAll("[data-testid=calendar-day]").Select(c => c.GetAttribute("data-date")).ToList();
        Assert.Equal((first, last, days), (cells[0], cells[^1], cells.Count));
        Assert.Equal("Mon", cut.FindAll(".cal-weekday")[0].TextContent);
        Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(cells[0]!, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek);
    }

    [Fact]
    public void MonthView_ForAManager_OffersPlusOnTodayAndLaterOnly_AndFlagsTheOverlapDay()
    {
        var overlap = new CalendarOverlap(new DateOnly(2026, 6, 3), [new SharedAudience(1, "Dealer morning", 2, "Dealer evening", 1200), new SharedAudience(1, "Dealer morning", 3, "VIP lunch", 1)]);
        var onlyUnchecked = new CalendarOverlap(new DateOnly(2026, 6, 4), [], Unchecked: 3);
        var cut = Render<CalendarMonthView>(p => p
            .Add(v => v.Month, new DateOnly(2026, 6, 1))
            .Add(v => v.Zone, India)
            .Add(v => v.Today, new DateOnly(2026, 6, 10))
            .Add(v => v.CanManage, true)
            .Add(v => v.Overlaps, [overlap, onlyUnchecked]));

        var withPlus = cut.FindAll("[data-testid=calendar-day]").Where(d => d.QuerySelector("[data-testid=create-on-day]") is not null).Select(d => d.GetAttribute("data-date")).ToList();
        Assert.Equal(("2026-06-10", "2026-07-05", 26), (withPlus[0], withPlus[^1], withPlus.Count));
        var warning = cut.Find("[data-testid=calendar-day][data-date='2026-06-03'] [data-testid=overlap-warning]");
        Assert.Equal("Overlapping audiences: 'Dealer morning' and 'Dealer evening' share 1,200 contacts; 'Dealer morning' and 'VIP lunch' share 1 contact.", warning.GetAttribute("aria-label"));
        Assert.Single(cut.FindAll("[data-testid=overlap-warning]"));
        var notCompared = cut.Find("[data-testid=calendar-day][data-date='2026-06-04'] [data-testid=overlap-unchecked]");
        Assert.Equal("3 more pairs of campaigns not compared (too many in this view).", notCompared.GetAttribute("aria-label"));
    }

    [Fact]
    public void MonthView_ForAnAnalyst_OffersNoPlusAndNoMove()
    {
        var cut = Render<CalendarMonthView>(p => p
            .Add(v => v.Month, new DateOnly(2026, 6, 1))
            .Add(v => v.Zone, India)
            .Add(v => v.Today, new DateOnly(2026, 6, 1))
            .Add(v => v.Entries, [Entry(1, "Monsoon reminder", CampaignStatus.Scheduled, new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc))]));

        Assert.Empty(cut.FindAll("[data-testid=create-on-day]"));
        Assert.Empty(cut.FindAll("[data-testid=move-entry]"));
        Assert.Equal("false", cut.Find("[data-testid=calendar-entry]").GetAttribute("draggable"));
    }

    [Fact]
    public void WeekView_AnEntryAt0400Utc_SitsAt0930OnTuesdayInIndia_AndAt2100OnMondayInCalifornia()
    {
        var entry = Entry(7, "Monsoon reminder", CampaignStatus.Scheduled, new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc));
        var week = CalendarLayout.Days(CalendarMode.Week, new DateOnly(2026, 6, 3));

        var inIndia = RenderWeek(week, India, entry);
        var inCalifornia = RenderWeek(week, California, entry);

        Assert.Equal(["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"], inIndia.FindAll("[data-testid=calendar-day]").Select(d => d.GetAttribute("data-date")));
        Assert.Equal("2026-06-02T09", SlotOf(inIndia, 7));
        Assert.Equal("2026-06-02T09:30", inIndia.Find("[data-testid=calendar-entry]").GetAttribute("data-local"));
        Assert.Equal("2026-06-01T21", SlotOf(inCalifornia, 7));
        Assert.Equal("2026-06-01T21:00", inCalifornia.Find("[data-testid=calendar-entry]").GetAttribute("data-local"));
        Assert.Equal("America/Los_Angeles", inCalifornia.Find(".cal-corner").TextContent);
    }

    [Fact]
    public void DayView_ARecipientLocalEntry_SitsAtItsLocalTimeInAnyZone_AndDrawsEarlyHoursWhenNeeded()
    {
        var entry = Entry(9, "Early local", CampaignStatus.Scheduled, new DateTime(2026, 6, 1, 15, 30, 0, DateTimeKind.Utc)) with
        {
            ScheduleKind = CampaignScheduleKind.RecipientLocalTime,
            RecipientLocalDate = new DateOnly(2026, 6, 2),
            RecipientLocalTime = new TimeOnly(5, 30),
        };

        var cut = RenderWeek(CalendarLayout.Days(CalendarMode.Day, new DateOnly(2026, 6, 2)), California, entry);

        Assert.Equal("2026-06-02T05", SlotOf(cut, 9));
        var hours = cut.FindAll(".cal-hour").Select(h => h.TextContent).ToList();
        Assert.Equal(("05:00", "21:00"), (hours[0], hours[^1]));
    }

    [Fact]
    public void WeekView_ClickOnAnEmptyFutureSlot_AsksToCreateThere_ButNotInThePastOrForAnAnalyst()
    {
        DateSlot? asked = null;
        var week = CalendarLayout.Days(CalendarMode.Week, new DateOnly(2026, 6, 3));
        var cut = Render<CalendarTimeGridView>(p => p
            .Add(v => v.Days, week)
            .Add(v => v.Zone, India)
            .Add(v => v.Today, new DateOnly(2026, 6, 3))
            .Add(v => v.LocalNow, new DateTime(2026, 6, 3, 12, 10, 0))
            .Add(v => v.CanManage, true)
            .Add(v => v.CreateRequested, slot => asked = slot));

        cut.Find("[data-testid=calendar-slot][data-slot='2026-06-03T11']").Click();
        Assert.Null(asked);
        cut.Find("[data-testid=calendar-slot][data-slot='2026-06-03T12']").Click();
        Assert.Equal(new DateSlot(new DateOnly(2026, 6, 3), 12), asked);
        cut.Find("[data-testid=calendar-slot][data-slot='2026-06-05T15']").Click();
        Assert.Equal(new DateSlot(new DateOnly(2026, 6, 5), 15), asked);
    }

    [Fact]
    public void Layout_PreviousAndNext_MoveByAMonthAWeekOrADay()
    {
        var anchor = new DateOnly(2026, 1, 31);

        Assert.Equal(new DateOnly(2026, 2, 1), CalendarLayout.Move(CalendarMode.Month, anchor, 1));
        Assert.Equal(new DateOnly(2025, 12, 1), CalendarLayout.Move(CalendarMode.Month, anchor, -1));
        Assert.Equal(new DateOnly(2026, 2, 7), CalendarLayout.Move(CalendarMode.Week, anchor, 1));
        Assert.Equal(new DateOnly(2026, 1, 30), CalendarLayout.Move(CalendarMode.Day, anchor, -1));
        Assert.Equal("26 January – 1 February 2026", CalendarLayout.Title(CalendarMode.Week, anchor));
        Assert.Equal("January 2026", CalendarLayout.Title(CalendarMode.Month, anchor));
    }

    private static CalendarEntry Entry(int id, string name, CampaignStatus status, DateTime startUtc) =>
        new(id, name, status, [Channel.Email, Channel.Sms], "user-max", "Max Manager", 1200, CampaignScheduleKind.At, startUtc, null, null, null, 3);

    private IRenderedComponent<CalendarTimeGridView> RenderWeek(IReadOnlyList<DateOnly> days, TimeZoneInfo zone, CalendarEntry entry) =>
        Render<CalendarTimeGridView>(p => p
            .Add(v => v.Days, days)
            .Add(v => v.Zone, zone)
            .Add(v => v.Today, new DateOnly(2026, 6, 1))
            .Add(v => v.LocalNow, new DateTime(2026, 6, 1, 12, 0, 0))
            .Add(v => v.Entries, [entry]));

    private static string? SlotOf(IRenderedComponent<CalendarTimeGridView> cut, int id) =>
        cut.Find($"[data-testid=calendar-entry][data-id='{id}']").Closest("[data-testid=calendar-slot]")?.GetAttribute("data-slot");
}
