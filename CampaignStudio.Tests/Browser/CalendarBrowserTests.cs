using System.Globalization;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Scheduling.Pages;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.Features.Scheduling;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CampaignStudio.Tests.Browser;

/// <summary>
/// The calendar in Chromium, for a manager in India: the month shows the campaigns with the overlap warning, a drag
/// moves a scheduled campaign to another day, the picker moves another to a new time in the week view, a campaign
/// scheduled elsewhere appears without a reload, and a day's "+" opens the wizard on that day.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarBrowserTests(BrowserFixture browser)
{
    private static readonly TimeZoneInfo India = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    [Fact]
    public async Task Manager_DragsOneCampaignAndPicksATimeForAnother_BothMoveAndStayScheduled_AndNewOnesAppearLive()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, kestrel: true);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(CampaignWorld.ManagerEmail, Roles.CampaignManager, name: CampaignWorld.ManagerName);
        var world = await CampaignWorld.SeedAsync(app);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, India));
        var day = today.AddDays(2);
        var grid = CalendarLayout.MonthGrid(day);
        var target = grid.Contains(day.AddDays(3)) ? day.AddDays(3) : day.AddDays(-1);
        var monsoon = await CalendarWorld.PlanAsync(app, "Monsoon reminder", world.Dealers, CalendarWorld.At(Iso(day), "09:30"));
        var diwali = await CalendarWorld.PlanAsync(app, "Diwali offer", world.Dealers, CalendarWorld.At(Iso(day), "18:00"));
        await CalendarWorld.PlanAsync(app, "Retail weekend", world.Retail, CalendarWorld.At(Iso(day.AddDays(1)), "11:00"), scheduled: false);

        // Tall enough for a six-week month: a synthetic drag to a day below the fold does not scroll the page.
        var page = await browser.NewPageAsync(app, 1400, 1200, timeZoneId: "Asia/Kolkata");
        await BrowserSignIn.AsAsync(page, CampaignWorld.ManagerEmail);
        await page.GotoAsync($"/calendar?date={Iso(day)}");
        await BrowserSignIn.WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-testid=calendar][data-ready=yes]")).ToHaveAttributeAsync("data-zone", new System.Text.RegularExpressions.Regex("^Asia/(Kolkata|Calcutta)$"));

        // The month: both Dealers campaigns on the day, flagged; times in the viewer's zone.
        var dayCell = Day(page, day);
        await Expect(dayCell.Locator("[data-testid=calendar-entry]")).ToHaveCountAsync(2);
        await Expect(Entry(page, monsoon.Id)).ToHaveAttributeAsync("data-local", $"{Iso(day)}T09:30");
        await Expect(dayCell.GetByTestId("overlap-warning")).ToHaveAttributeAsync("aria-label", "Overlapping audiences: 'Monsoon reminder' and 'Diwali offer' share 2 contacts.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "calendar-month.png"), FullPage = true });
        await page.EvaluateAsync("() => window.stillTheSamePage = true");

        // Drag the morning campaign to another day: it keeps its time and stays scheduled.
        await Entry(page, monsoon.Id).DragToAsync(Day(page, target));

        await Expect(Day(page, target).Locator($"[data-testid=calendar-entry][data-id='{monsoon.Id}']")).ToHaveAttributeAsync("data-local", $"{Iso(target)}T09:30");
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Moved 'Monsoon reminder'");
        await Expect(dayCell.GetByTestId("overlap-warning")).ToHaveCountAsync(0);
        var moved = await CampaignWorld.AsManagerAsync(app, s => s.GetAsync(monsoon.Id));
        Assert.Equal((CampaignStatus.Scheduled, target, new TimeOnly(9, 30), "Asia/Kolkata"), (moved.Status, moved.Schedule!.LocalDate!.Value, moved.Schedule.LocalTime!.Value, moved.Schedule.TimeZone!));

        // The week view and the picker, without a mouse drag: Diwali moves to 14:15 the next day.
        await page.GetByTestId("calendar-mode").GetByText("Week").ClickAsync();
        await Expect(page.GetByTestId("calendar-timegrid")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "calendar-week.png"), FullPage = true });
        await Entry(page, diwali.Id).GetByTestId("move-entry").ClickAsync();
        var newDay = day.AddDays(1);
        await Field(page, "move-date").FillAsync(Iso(newDay));
        await Field(page, "move-date").PressAsync("Tab");
        await Field(page, "move-time").FillAsync("14:15");
        await Field(page, "move-time").PressAsync("Tab");
        await page.GetByTestId("move-save").ClickAsync();

        if (CalendarLayout.Days(CalendarMode.Week, day).Contains(newDay))
        {
            await Expect(page.Locator($"[data-testid=calendar-slot][data-slot='{Iso(newDay)}T14'] [data-testid=calendar-entry][data-id='{diwali.Id}']")).ToHaveAttributeAsync("data-local", $"{Iso(newDay)}T14:15");
        }

        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync($"Moved 'Diwali offer' to {newDay.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} at 14:15.");
        var picked = await CampaignWorld.AsManagerAsync(app, s => s.GetAsync(diwali.Id));
        Assert.Equal((CampaignStatus.Scheduled, newDay, new TimeOnly(14, 15)), (picked.Status, picked.Schedule!.LocalDate!.Value, picked.Schedule.LocalTime!.Value));

        // Live: a campaign scheduled by someone else appears without a reload.
        var late = await CalendarWorld.PlanAsync(app, "Late addition", world.Vips, CalendarWorld.At(Iso(day), "20:00"));
        await Expect(Entry(page, late.Id)).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");

        // "+" on a day opens the wizard preset to that day.
        await page.GetByTestId("calendar-mode").GetByText("Month").ClickAsync();
        for (var attempt = 1; ; attempt++)
        {
            await Day(page, target).GetByTestId("create-on-day").ClickAsync();
            try
            {
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/campaigns/new\\?date={Iso(target)}$"), new() { Timeout = 10_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The month view re-rendered under the click (switching views, a live update): click the day as it is now.
            }
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ILocator Day(IPage page, DateOnly day) => page.Locator($"[data-testid=calendar-day][data-date='{Iso(day)}']");

    private static ILocator Entry(IPage page, int id) => page.Locator($"[data-testid=calendar-entry][data-id='{id}']");

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
