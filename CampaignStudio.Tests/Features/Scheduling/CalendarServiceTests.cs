using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Scheduling;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Audience.Segments;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;
using static CampaignStudio.Tests.Features.Scheduling.CalendarWorld;

namespace CampaignStudio.Tests.Features.Scheduling;

/// <summary>The calendar's reads and moves against the real database. The clock stands at Monday 1 June 2026, 12:00 UTC.</summary>
public abstract class CalendarServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CalendarServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CalendarServiceTests(DatabaseKind.MySql);

    private static readonly DateOnly June5 = new(2026, 6, 5);

    [Fact]
    public async Task GetAsync_AWeek_ReturnsPlannedAndSentCampaignsInStartOrder_NotUntimedArchivedOrOutsideOnes()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var scheduled = await PlanAsync(app, "Monsoon reminder", world.Dealers, At("2026-06-03", "09:30"));
        var draftWithTime = await PlanAsync(app, "Draft with a time", world.Retail, At("2026-06-02", "18:00"), scheduled: false);
        await PlanAsync(app, "Draft without a time", world.Retail, null, scheduled: false);
        await PlanAsync(app, "Next week", world.Retail, At("2026-06-09", "09:30"));
        var sent = await PlanAsync(app, "Sent on Tuesday", world.Vips, At("2026-06-02", "09:30"));
        await SendAsync(app, sent.Id, new DateTime(2026, 6, 2, 4, 5, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 4, 45, 0, DateTimeKind.Utc));
        var sending = await PlanAsync(app, "Sending on Thursday", world.Vips, At("2026-06-04", "08:00"));
        await SendAsync(app, sending.Id, new DateTime(2026, 6, 4, 3, 0, 0, DateTimeKind.Utc));
        var archived = await PlanAsync(app, "Archived draft", world.Retail, At("2026-06-03", "10:00"), scheduled: false);
        await AsManagerAsync(app, s => s.ArchiveAsync(archived.Id));

        var week = await CalendarAsync(app, "2026-06-01", "2026-06-08");

        Assert.Equal(
            [(sent.Id, CampaignStatus.Completed), (draftWithTime.Id, CampaignStatus.Draft), (scheduled.Id, CampaignStatus.Scheduled), (sending.Id, CampaignStatus.Sending)],
            week.Entries.Select(e => (e.Id, e.Status)));
        var completed = week.Entries[0];
        Assert.Equal((new DateTime(2026, 6, 2, 4, 5, 0), new DateTime(2026, 6, 2, 4, 45, 0)), (completed.StartUtc, completed.CompletedUtc!.Value));
        Assert.Equal(new DateTime(2026, 6, 2, 9, 35, 0), completed.LocalStartIn(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
        var planned = week.Entries[2];
        Assert.Equal([Channel.Sms], planned.Channels);
        Assert.Equal((ManagerName, 2, new DateTime(2026, 6, 3, 4, 0, 0)), (planned.CreatedByName, planned.EstimatedAudience!.Value, planned.StartUtc));
        Assert.True(planned.CanMove);
        Assert.False(completed.CanMove);
    }

    [Fact]
    public async Task GetAsync_DaysAreTheViewersDays_ACampaignAt0400UtcFallsOnTheEveBeforeInCalifornia()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var early = await PlanAsync(app, "Early in India", world.Dealers, At("2026-06-03", "09:30"));
        var local = await PlanAsync(app, "Local nine", world.Retail, RecipientLocal("2026-06-03", "09:00"));

        var inIndia = await CalendarAsync(app, "2026-06-03", "2026-06-04");
        var inCalifornia = await CalendarAsync(app, "2026-06-03", "2026-06-04", "America/Los_Angeles");
        var eveInCalifornia = await CalendarAsync(app, "2026-06-02", "2026-06-03", "America/Los_Angeles");

        // 09:00 in each recipient's zone comes before 09:30 in India on India's calendar.
        Assert.Equal([local.Id, early.Id], inIndia.Entries.Select(e => e.Id));
        // 04:00 UTC is 21:00 the evening before in California; a recipient-local campaign is at 09:00 local everywhere.
        Assert.Equal([local.Id], inCalifornia.Entries.Select(e => e.Id));
        Assert.Equal([early.Id], eveInCalifornia.Entries.Select(e => e.Id));
        Assert.Equal(new DateTime(2026, 6, 2, 21, 0, 0), eveInCalifornia.Entries[0].LocalStartIn(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")));
        Assert.Equal(new DateTime(2026, 6, 3, 9, 0, 0), inCalifornia.Entries[0].LocalStartIn(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")));
    }

    [Fact]
    public async Task GetAsync_FilteredByChannelOrCreator_ReturnsOnlyTheirCampaigns()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var sms = await PlanAsync(app, "SMS by Max", world.Dealers, At("2026-06-03", "09:30"));
        var push = await AsManagerAsync(app, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = "Push by Max" });
            draft = await s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [Channel.Push], Content = new CampaignContent { Push = new PushContent { Title = "Hi", Body = "Festive prices" } } }, draft.Revision, 2);
            return await s.SaveScheduleAsync(draft.Id, At("2026-06-04", "10:00"), draft.Revision, 3);
        });
        var byAdmin = await PlanAsync(app, "SMS by the admin", world.Retail, At("2026-06-05", "11:00"), email: TestApp.AdminEmail);
        var adminId = (await AsManagerAsync(app, s => s.CreatorsAsync())).Single(c => c.Id == byAdmin.CreatedById).Id;

        var onlyPush = await CalendarAsync(app, "2026-06-01", "2026-06-08", channel: Channel.Push);
        var onlySms = await CalendarAsync(app, "2026-06-01", "2026-06-08", channel: Channel.Sms);
        var onlyAdmin = await CalendarAsync(app, "2026-06-01", "2026-06-08", createdById: adminId);
        var adminsPush = await CalendarAsync(app, "2026-06-01", "2026-06-08", channel: Channel.Push, createdById: adminId);

        Assert.Equal([push.Id], onlyPush.Entries.Select(e => e.Id));
        Assert.Equal([sms.Id, byAdmin.Id], onlySms.Entries.Select(e => e.Id));
        Assert.Equal([byAdmin.Id], onlyAdmin.Entries.Select(e => e.Id));
        Assert.Empty(adminsPush.Entries);
    }

    [Fact]
    public async Task OverlapsAsync_DifferentSegmentsSharingContacts_FlagTheDayWithThePairAndHowManyTheyShare()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var dealers = await PlanAsync(app, "Dealer morning", world.Dealers, At("2026-06-03", "09:00"));
        var vips = await PlanAsync(app, "VIP evening", world.Vips, At("2026-06-03", "19:00"), scheduled: false);
        await PlanAsync(app, "Retail same day", world.Retail, At("2026-06-03", "12:00"));
        await PlanAsync(app, "Retail next day", world.Retail, At("2026-06-04", "10:00"));

        var week = await OverlapsAsync(app, "2026-06-01", "2026-06-08");
        // A filter that hides the VIP draft does not hide the overlap: every campaign of the range counts.
        var filtered = await OverlapsAsync(app, "2026-06-01", "2026-06-08", channel: Channel.Push);

        var overlap = Assert.Single(week);
        Assert.Equal(new DateOnly(2026, 6, 3), overlap.Day);
        Assert.Equal([new SharedAudience(dealers.Id, "Dealer morning", vips.Id, "VIP evening", 1)], overlap.Pairs);
        Assert.Equal([dealers.Id, vips.Id], overlap.CampaignIds);
        Assert.Equal("Overlapping audiences: 'Dealer morning' and 'VIP evening' share 1 contact.", overlap.Describe());
        Assert.Equal(overlap.Pairs, Assert.Single(filtered).Pairs);
    }

    [Fact]
    public async Task OverlapsAsync_SameSegmentButAnExcludeThatRemovesEveryone_IsNotFlagged()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var everyDealer = await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.CreateAsync("Every dealer", null, Rules.Where(Rules.Tag("dealer"))));
        await PlanAsync(app, "Dealer morning", world.Dealers, At("2026-06-03", "09:00"));
        await PlanAudienceAsync(app, "Dealers but not dealers", [world.Dealers], [everyDealer.Id], At("2026-06-03", "18:00"));
        var vipsOut = await PlanAudienceAsync(app, "Dealers but not VIPs", [world.Dealers], [world.Vips], At("2026-06-05", "18:00"));
        var vipsIn = await PlanAsync(app, "VIPs on Friday", world.Vips, At("2026-06-05", "09:00"));
        var dealersFriday = await PlanAsync(app, "Dealers on Friday", world.Dealers, At("2026-06-05", "12:00"));

        var week = await OverlapsAsync(app, "2026-06-01", "2026-06-08");

        // Wednesday: the second campaign's audience is empty. Friday: Bharat (a VIP dealer) is excluded from one of them.
        var friday = Assert.Single(week);
        Assert.Equal(new DateOnly(2026, 6, 5), friday.Day);
        Assert.Equal(
            [(vipsIn.Id, dealersFriday.Id, 1), (dealersFriday.Id, vipsOut.Id, 1)],
            friday.Pairs.Select(p => (p.FirstId, p.SecondId, p.Contacts)));
    }

    [Fact]
    public async Task OverlapsAsync_SameSegmentOnDifferentDays_IsNotFlagged()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        await PlanAsync(app, "Dealers Wednesday", world.Dealers, At("2026-06-03", "23:00"));
        await PlanAsync(app, "Dealers Thursday", world.Dealers, At("2026-06-04", "00:30"));

        Assert.Empty(await OverlapsAsync(app, "2026-06-01", "2026-06-08"));
        // In Berlin both fall on Wednesday (19:30 and 21:00).
        Assert.Equal(2, Assert.Single(Assert.Single(await OverlapsAsync(app, "2026-06-01", "2026-06-08", "Europe/Berlin")).Pairs).Contacts);
    }

    [Fact]
    public async Task OverlapsAsync_AStartedCampaign_IsComparedByItsLedger_WithoutSkippedOrCancelledRows()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var started = await PlanAsync(app, "Dealers started", world.Dealers, At("2026-06-03", "09:00"));
        var vips = await PlanAsync(app, "VIPs later", world.Vips, At("2026-06-03", "15:00"));
        var retail = await PlanAsync(app, "Retail later", world.Retail, At("2026-06-03", "16:00"));
        await SendAsync(app, started.Id, new DateTime(2026, 6, 3, 3, 30, 0, DateTimeKind.Utc));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The ledger as the engine froze it: Asha pending, Bharat skipped (no consent), and Chitra, since added to the
            // segment's rules by someone, cancelled when it was stopped.
            var db = scope.ServiceProvider.GetRequiredService<CampaignStudio.Data.AppDbContext>();
            var ids = await db.Contacts.ToDictionaryAsync(c => c.FirstName!, c => c.Id);
            var at = new DateTime(2026, 6, 3, 3, 30, 0, DateTimeKind.Utc);
            var skipped = new DeliveryRecord(started.Id, ids["Bharat"], Channel.Sms, at, at);
            skipped.Skip(SkipReason.NoConsent, at);
            var cancelled = new DeliveryRecord(started.Id, ids["Chitra"], Channel.Sms, at, at);
            cancelled.Cancel(at);
            db.Deliveries.AddRange(new DeliveryRecord(started.Id, ids["Asha"], Channel.Sms, at, at), skipped, cancelled);
            await db.SaveChangesAsync();
        }

        var week = await OverlapsAsync(app, "2026-06-01", "2026-06-08");

        // The VIPs' Bharat was skipped and Chitra cancelled: nobody is shared with the started campaign.
        Assert.Empty(week);
        var planned = await PlanAsync(app, "Dealers again", world.Dealers, At("2026-06-03", "17:00"));
        var again = Assert.Single(await OverlapsAsync(app, "2026-06-01", "2026-06-08"));
        Assert.Equal(
            [(started.Id, planned.Id, 1), (vips.Id, planned.Id, 1)],
            again.Pairs.Select(p => (p.FirstId, p.SecondId, p.Contacts)));
        Assert.DoesNotContain(retail.Id, again.CampaignIds);
    }

    [Fact]
    public async Task OverlapsAsync_CountsAreKeptForAMinute_ButASegmentEditIsSeenAtOnce()
    {
        var clock = Clock();
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        await PlanAsync(app, "Dealers", world.Dealers, At("2026-06-03", "09:00"));
        await PlanAsync(app, "VIPs", world.Vips, At("2026-06-03", "15:00"));
        Assert.Equal(1, Assert.Single(Assert.Single(await OverlapsAsync(app, "2026-06-01", "2026-06-08")).Pairs).Contacts);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignStudio.Data.AppDbContext>();
            var dev = SegmentWorld.Person("Dev", "Joshi", null, "IN", null, null, null, null, null, Campaigns.Campaigns.Now);
            dev.AddTag("dealer");
            dev.AddTag("vip");
            db.Contacts.Add(dev);
            await db.SaveChangesAsync();
        }

        var cached = await OverlapsAsync(app, "2026-06-01", "2026-06-08");
        clock.Advance(AudienceOverlapCache.Lifetime + TimeSpan.FromSeconds(1));
        var fresh = await OverlapsAsync(app, "2026-06-01", "2026-06-08");
        var vipSegment = await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.GetAsync(world.Vips));
        await AsAsync<SegmentService, SegmentDetails>(app, ManagerEmail, s => s.UpdateAsync(world.Vips, "VIPs", null, Rules.Where(Rules.Tag("retail")), vipSegment.Revision));
        var edited = await OverlapsAsync(app, "2026-06-01", "2026-06-08");

        Assert.Equal(1, Assert.Single(Assert.Single(cached).Pairs).Contacts);
        Assert.Equal(2, Assert.Single(Assert.Single(fresh).Pairs).Contacts);
        Assert.Empty(edited);
    }

    [Fact]
    public async Task OverlapsAsync_MoreThanTheViewsLimitOfPairs_ComparesTheFirstAndSaysHowManyItLeftOut()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        for (var hour = 8; hour < 18; hour++)
        {
            await PlanAsync(app, $"Dealers at {hour}", world.Dealers, At("2026-06-03", $"{hour:00}:00"));
        }

        var overlap = Assert.Single(await OverlapsAsync(app, "2026-06-01", "2026-06-08"));

        // Ten campaigns make 45 pairs.
        Assert.Equal((CalendarService.MaxPairsPerView, 45 - CalendarService.MaxPairsPerView), (overlap.Pairs.Count, overlap.Unchecked));
        Assert.All(overlap.Pairs, p => Assert.Equal(2, p.Contacts));
        Assert.EndsWith("5 more pairs of campaigns not compared (too many in this view).", overlap.Describe());
    }

    [Fact]
    public async Task GetAsync_RangeLongerThanTwoMonthsOrUnknownZone_IsRefusedWithTheReason()
    {
        await using var app = await StartAsync(kind, Clock());

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => CalendarAsync(app, "2026-01-01", "2026-06-01"));
        var backwards = await Assert.ThrowsAsync<ValidationFailedException>(() => CalendarAsync(app, "2026-06-08", "2026-06-01"));
        var zone = await Assert.ThrowsAsync<ValidationFailedException>(() => CalendarAsync(app, "2026-06-01", "2026-06-08", "Mars/Olympus"));

        Assert.Equal("A calendar shows at most 62 days at a time.", Assert.Single(tooLong.Errors["to"]));
        Assert.Equal("The calendar's last day comes after its first.", Assert.Single(backwards.Errors["to"]));
        Assert.Equal("'Mars/Olympus' is not a time zone name such as Asia/Kolkata or Europe/Berlin.", Assert.Single(zone.Errors["timeZone"]));
    }

    [Fact]
    public async Task RescheduleAsync_ScheduledCampaign_MovesToTheSlotInItsOwnZoneAndStaysScheduled()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var campaign = await PlanAsync(app, "Monsoon reminder", world.Dealers, At("2026-06-03", "09:30"));
        var heard = new List<int>();
        using var listening = app.Services.GetRequiredService<IDeliveryProgress>().Subscribe(id =>
        {
            lock (heard)
            {
                heard.Add(id);
            }

            return Task.CompletedTask;
        });

        // Dropped on Friday 10:00 by someone in Berlin: 08:00 UTC, 13:30 in India.
        var moved = await AsManagerAsync(app, s => s.RescheduleAsync(campaign.Id, June5, new TimeOnly(10, 0), "Europe/Berlin", campaign.Revision));
        await app.Services.GetRequiredService<DeliveryProgressHub>().FlushAsync();

        Assert.Equal(CampaignStatus.Scheduled, moved.Status);
        Assert.Equal((June5, new TimeOnly(13, 30), "Asia/Kolkata"), (moved.Schedule!.LocalDate!.Value, moved.Schedule.LocalTime!.Value, moved.Schedule.TimeZone!));
        Assert.Equal(new DateTime(2026, 6, 5, 8, 0, 0), moved.ScheduledForUtc);
        Assert.Equal(campaign.Revision + 1, moved.Revision);
        Assert.Equal([campaign.Id], (await CalendarAsync(app, "2026-06-05", "2026-06-06")).Entries.Select(e => e.Id));
        Assert.Empty((await CalendarAsync(app, "2026-06-03", "2026-06-04")).Entries);
        Assert.Contains(campaign.Id, heard);
        var change = (await AsManagerAsync(app, s => s.GetChangesAsync(campaign.Id)))[0];
        Assert.Equal((CampaignChangeAction.ScheduleChanged, ManagerName), (change.Action, change.ActorName));
    }

    [Fact]
    public async Task RescheduleAsync_DraftWithoutTimeOrRecipientLocal_TakesTheSlotInTheViewersZoneOrAsLocalTime()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var untimed = await PlanAsync(app, "No time yet", world.Retail, null, scheduled: false);
        var local = await PlanAsync(app, "Local nine", world.Retail, RecipientLocal("2026-06-03", "09:00"));

        var timed = await AsManagerAsync(app, s => s.RescheduleAsync(untimed.Id, June5, new TimeOnly(10, 0), "Europe/Berlin", untimed.Revision));
        var movedLocal = await AsManagerAsync(app, s => s.RescheduleAsync(local.Id, June5, new TimeOnly(8, 15), "Europe/Berlin", local.Revision));

        Assert.Equal((CampaignStatus.Draft, CampaignScheduleKind.At, "Europe/Berlin", new DateTime(2026, 6, 5, 8, 0, 0)), (timed.Status, timed.Schedule!.Kind, timed.Schedule.TimeZone!, timed.ScheduledForUtc!.Value));
        Assert.Equal((CampaignStatus.Scheduled, CampaignScheduleKind.RecipientLocalTime, June5, new TimeOnly(8, 15)), (movedLocal.Status, movedLocal.Schedule!.Kind, movedLocal.Schedule.LocalDate!.Value, movedLocal.Schedule.LocalTime!.Value));
    }

    [Fact]
    public async Task RescheduleAsync_SendingOrCompletedCampaign_IsRefusedAndNothingChanges()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var sending = await PlanAsync(app, "Sending now", world.Dealers, At("2026-06-02", "09:30"));
        await SendAsync(app, sending.Id, new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc));
        var completed = await PlanAsync(app, "All sent", world.Retail, At("2026-06-02", "10:30"));
        await SendAsync(app, completed.Id, new DateTime(2026, 6, 2, 5, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 5, 30, 0, DateTimeKind.Utc));

        foreach (var id in new[] { sending.Id, completed.Id })
        {
            var before = await AsManagerAsync(app, s => s.GetAsync(id));
            var refused = await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.RescheduleAsync(id, June5, new TimeOnly(10, 0), "Asia/Kolkata", before.Revision)));
            var after = await AsManagerAsync(app, s => s.GetAsync(id));

            Assert.Contains("only a draft or a scheduled campaign can move to another time", refused.Message);
            Assert.Equal((before.Revision, before.ScheduledForUtc, before.Status), (after.Revision, after.ScheduledForUtc, after.Status));
        }

        var sendingMessage = (await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.RescheduleAsync(sending.Id, June5, new TimeOnly(10, 0), "Asia/Kolkata", sending.Revision + 1)))).Message;
        Assert.Equal("The campaign 'Sending now' is sending: only a draft or a scheduled campaign can move to another time. You can pause or stop it.", sendingMessage);
    }

    [Fact]
    public async Task RescheduleAsync_IntoThePast_IsRefusedAndTheCampaignKeepsItsTime()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var draft = await PlanAsync(app, "Too late", world.Dealers, At("2026-06-03", "09:30"), scheduled: false);

        // 11:00 UTC on 1 June, an hour before the clock: said in the campaign's own zone.
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.RescheduleAsync(draft.Id, new DateOnly(2026, 6, 1), new TimeOnly(11, 0), "UTC", draft.Revision)));

        Assert.Equal("The send time 2026-06-01 16:30 (Asia/Kolkata) has passed; choose a later time.", Assert.Single(refused.Errors["schedule"]));
        var stored = await AsManagerAsync(app, s => s.GetAsync(draft.Id));
        Assert.Equal((draft.Revision, new DateTime(2026, 6, 3, 4, 0, 0)), (stored.Revision, stored.ScheduledForUtc!.Value));
    }

    [Fact]
    public async Task RescheduleAsync_SomeoneChangedItSinceTheCalendarLoaded_IsAConflictNamingThemAndKeepsTheirChange()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var seen = await PlanAsync(app, "Monsoon reminder", world.Dealers, At("2026-06-03", "09:30"));
        var entry = Assert.Single((await CalendarAsync(app, "2026-06-03", "2026-06-04")).Entries);
        await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.SaveScheduleAsync(seen.Id, At("2026-06-04", "11:00"), seen.Revision, 3));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => AsManagerAsync(app, s => s.RescheduleAsync(entry.Id, June5, new TimeOnly(10, 0), "Asia/Kolkata", entry.Revision)));

        Assert.StartsWith("The campaign 'Monsoon reminder' was changed by ", conflict.Message);
        Assert.Contains("Reload it to see that change", conflict.Message);
        var stored = await AsManagerAsync(app, s => s.GetAsync(seen.Id));
        Assert.Equal(new DateOnly(2026, 6, 4), stored.Schedule!.LocalDate);
    }

    [Fact]
    public async Task RescheduleAsync_AnAnalyst_IsForbidden()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var campaign = await PlanAsync(app, "Monsoon reminder", world.Dealers, At("2026-06-03", "09:30"));

        await Assert.ThrowsAsync<ForbiddenException>(() => app.AsAnalystAsync(s => s.RescheduleAsync(campaign.Id, June5, new TimeOnly(10, 0), "Asia/Kolkata", campaign.Revision)));

        Assert.Equal(campaign.Revision, (await AsManagerAsync(app, s => s.GetAsync(campaign.Id))).Revision);
    }
}
