using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Scheduling;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Scheduling;

/// <summary>Campaigns placed on the calendar for the tests: drafts and scheduled ones at chosen times, and sent ones.</summary>
public static class CalendarWorld
{
    /// <summary>A draft named <paramref name="name"/> including <paramref name="include"/>, with an SMS, at <paramref name="schedule"/>; scheduled if asked.</summary>
    public static Task<CampaignDetails> PlanAsync(TestApp app, string name, int include, CampaignScheduleInput? schedule, bool scheduled = true, string email = ManagerEmail) =>
        AsAsync<CampaignService, CampaignDetails>(app, email, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [include] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, SmsContent($"{name}: festive prices."), draft.Revision, 2);
            if (schedule is not null)
            {
                draft = await s.SaveScheduleAsync(draft.Id, schedule, draft.Revision, 3);
            }

            return scheduled ? await s.ScheduleAsync(draft.Id) : draft;
        });

    public static CampaignScheduleInput At(string date, string time, string zone = "Asia/Kolkata") =>
        new() { Kind = CampaignScheduleKind.At, Date = date, Time = time, TimeZone = zone };

    public static CampaignScheduleInput RecipientLocal(string date, string time) =>
        new() { Kind = CampaignScheduleKind.RecipientLocalTime, Date = date, Time = time };

    /// <summary>The engine's transitions, as it makes them: started at <paramref name="startedUtc"/>, and completed if <paramref name="completedUtc"/> is given.</summary>
    public static async Task SendAsync(TestApp app, int id, DateTime startedUtc, DateTime? completedUtc = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var campaign = await db.Campaigns.Include(c => c.Segments).SingleAsync(c => c.Id == id);
        campaign.MarkSending(startedUtc);
        if (completedUtc is { } completed)
        {
            campaign.MarkCompleted(completed);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A scheduled campaign with an SMS at <paramref name="schedule"/>, including and excluding the given segments.</summary>
    public static Task<CampaignDetails> PlanAudienceAsync(TestApp app, string name, List<int> include, List<int> exclude, CampaignScheduleInput schedule) =>
        AsAsync<CampaignService, CampaignDetails>(app, ManagerEmail, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = include, ExcludeSegmentIds = exclude }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, SmsContent($"{name}: festive prices."), draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, schedule, draft.Revision, 3);
            return await s.ScheduleAsync(draft.Id);
        });

    public static Task<IReadOnlyList<CalendarOverlap>> OverlapsAsync(TestApp app, string from, string to, string zone = "Asia/Kolkata", CampaignStudio.Features.Shared.Channel? channel = null, string email = AnalystEmail) =>
        AsAsync<CalendarService, IReadOnlyList<CalendarOverlap>>(app, email, s => s.OverlapsAsync(new CalendarQuery
        {
            From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = zone,
            Channel = channel,
        }));

    public static Task<CalendarRange> CalendarAsync(TestApp app, string from, string to, string zone = "Asia/Kolkata", CampaignStudio.Features.Shared.Channel? channel = null, string? createdById = null, string email = AnalystEmail) =>
        AsAsync<CalendarService, CalendarRange>(app, email, s => s.GetAsync(new CalendarQuery
        {
            From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = zone,
            Channel = channel,
            CreatedById = createdById,
        }));
}
