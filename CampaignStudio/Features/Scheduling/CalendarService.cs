using System.Globalization;
using System.Linq.Expressions;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// The campaigns of a calendar range, read in the database by index ranges, never by loading all campaigns: drafts
/// with a send time and scheduled campaigns by their send time, campaigns that started by when they started (a
/// failed one that never started by its send time). Archived campaigns are left out. Days on which two or more
/// campaigns include the same segment are flagged (a shared included segment, not the contacts' actual overlap: the
/// check reads the campaigns' segment links only, so it stays fast whatever the audiences' sizes). Overlaps count
/// every campaign of the range, also those a channel or creator filter hides. Needs <see cref="Policies.Read"/>.
/// </summary>
public sealed class CalendarService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser)
{
    /// <summary>Recipient-local-time campaigns sit at a wall-clock time up to 14 hours from their UTC start: read wider, place, then cut.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromDays(2);

    private static readonly Expression<Func<Campaign, Row>> ToRow = c => new Row
    {
        Id = c.Id,
        Name = c.Name,
        Status = c.Status,
        Channels = c.Channels,
        CreatedById = c.CreatedById,
        CreatedByName = c.CreatedByName,
        EstimatedAudience = c.EstimatedAudience,
        ScheduleKind = c.ScheduleKind,
        ScheduledForUtc = c.ScheduledForUtc,
        StartedUtc = c.StartedUtc,
        CompletedUtc = c.CompletedUtc,
        ScheduleLocalDate = c.ScheduleLocalDate,
        ScheduleLocalTime = c.ScheduleLocalTime,
        Revision = c.Revision,
    };

    public async Task<CalendarRange> GetAsync(CalendarQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        var zone = Check(query);
        var fromUtc = ToUtc(query.From, zone) - Margin;
        var toUtc = ToUtc(query.To, zone) + Margin;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var entries = await ReadAsync(db, fromUtc, toUtc, query.Channel, query.CreatedById, cancellationToken);
        var shown = Place(entries, query, zone);
        var everything = query.Channel is null && string.IsNullOrWhiteSpace(query.CreatedById)
            ? shown
            : Place(await ReadAsync(db, fromUtc, toUtc, null, null, cancellationToken), query, zone);
        return new CalendarRange(shown, await OverlapsAsync(db, everything, zone, cancellationToken));
    }

    private static TimeZoneInfo Check(CalendarQuery query)
    {
        var errors = new FieldErrors();
        if (query.To <= query.From)
        {
            errors.Add("to", "The calendar's last day comes after its first.");
        }
        else if (query.To.DayNumber - query.From.DayNumber > CalendarQuery.MaxDays)
        {
            errors.Add("to", $"A calendar shows at most {CalendarQuery.MaxDays.ToString(CultureInfo.InvariantCulture)} days at a time.");
        }

        if (query.Channel is { } channel && !Enum.IsDefined(channel))
        {
            errors.Add("channel", "Choose a channel among Email, SMS, WhatsApp and Push.");
        }

        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(query.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(query.TimeZone.Trim(), out zone))
        {
            errors.Add("timeZone", $"'{query.TimeZone}' is not a time zone name such as Asia/Kolkata or Europe/Berlin.");
        }

        errors.ThrowIfAny();
        return zone!;
    }

    /// <summary>The start of <paramref name="day"/> in <paramref name="zone"/>, in UTC (an hour later where midnight is skipped).</summary>
    private static DateTime ToUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>
    /// Three index ranges in one statement (UNION ALL): planned campaigns by (status, send time), started ones by their
    /// start, and those that failed before starting by (status, send time). The three never share a campaign.
    /// </summary>
    private static async Task<List<CalendarEntry>> ReadAsync(AppDbContext db, DateTime fromUtc, DateTime toUtc, Channel? channel, string? createdById, CancellationToken cancellationToken)
    {
        var campaigns = db.Campaigns.AsNoTracking().Where(c => c.ArchivedUtc == null);
        if (channel is { } wanted)
        {
            var flag = wanted.ToFlag();
            campaigns = campaigns.Where(c => (c.Channels & flag) == flag);
        }

        if (!string.IsNullOrWhiteSpace(createdById))
        {
            campaigns = campaigns.Where(c => c.CreatedById == createdById);
        }

        var planned = campaigns.Where(c => (c.Status <= CampaignStatus.Scheduled || c.Status == CampaignStatus.PendingApproval) && c.ScheduledForUtc >= fromUtc && c.ScheduledForUtc < toUtc).Select(ToRow);
        var started = campaigns.Where(c => c.StartedUtc >= fromUtc && c.StartedUtc < toUtc).Select(ToRow);
        var failedEarly = campaigns.Where(c => c.Status == CampaignStatus.Failed && c.ScheduledForUtc >= fromUtc && c.ScheduledForUtc < toUtc && c.StartedUtc == null).Select(ToRow);
        var rows = await planned.Concat(started).Concat(failedEarly).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CalendarEntry(
            r.Id,
            r.Name,
            r.Status,
            r.Channels.ToList(),
            r.CreatedById,
            r.CreatedByName,
            r.EstimatedAudience,
            r.ScheduleKind,
            DateTime.SpecifyKind(r.StartedUtc ?? r.ScheduledForUtc!.Value, DateTimeKind.Utc),
            r.CompletedUtc is { } completed ? DateTime.SpecifyKind(completed, DateTimeKind.Utc) : null,
            r.ScheduleLocalDate,
            r.ScheduleLocalTime,
            r.Revision))];
    }

    /// <summary>The entries whose place in <paramref name="zone"/> falls on the query's days, in order.</summary>
    private static List<CalendarEntry> Place(List<CalendarEntry> entries, CalendarQuery query, TimeZoneInfo zone)
    {
        var from = query.From.ToDateTime(TimeOnly.MinValue);
        var to = query.To.ToDateTime(TimeOnly.MinValue);
        return [.. entries
            .Select(e => (Entry: e, At: e.LocalStartIn(zone)))
            .Where(p => p.At >= from && p.At < to)
            .OrderBy(p => p.At)
            .ThenBy(p => p.Entry.Id)
            .Select(p => p.Entry)];
    }

    /// <summary>One query for the included segments of the range's campaigns; days are compared in memory.</summary>
    private static async Task<IReadOnlyList<CalendarOverlap>> OverlapsAsync(AppDbContext db, List<CalendarEntry> entries, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var days = entries.GroupBy(e => DateOnly.FromDateTime(e.LocalStartIn(zone))).Where(d => d.Count() > 1).ToList();
        if (days.Count == 0)
        {
            return [];
        }

        var ids = days.SelectMany(d => d.Select(e => e.Id)).Distinct().ToList();
        var links = await (from link in db.CampaignSegments
                           join segment in db.Segments on link.SegmentId equals segment.Id
                           where ids.Contains(link.CampaignId) && link.Role == CampaignSegmentRole.Include
                           select new { link.CampaignId, link.SegmentId, segment.Name })
            .ToListAsync(cancellationToken);
        var bySegment = links.ToLookup(l => l.SegmentId);
        var overlaps = new List<CalendarOverlap>();
        foreach (var day in days.OrderBy(d => d.Key))
        {
            var onDay = day.Select(e => e.Id).ToHashSet();
            var shared = bySegment
                .Select(s => (Segment: s.First().Name, Campaigns: s.Select(l => l.CampaignId).Where(onDay.Contains).Distinct().ToList()))
                .Where(s => s.Campaigns.Count > 1)
                .OrderBy(s => s.Segment, StringComparer.CurrentCultureIgnoreCase)
                .ToList();
            if (shared.Count == 0)
            {
                continue;
            }

            var involved = shared.SelectMany(s => s.Campaigns).ToHashSet();
            var campaigns = day.Where(e => involved.Contains(e.Id)).ToList();
            overlaps.Add(new CalendarOverlap(day.Key, [.. campaigns.Select(c => c.Id)], [.. campaigns.Select(c => c.Name)], [.. shared.Select(s => s.Segment)]));
        }

        return overlaps;
    }

    /// <summary>The columns the calendar reads (the same shape in each part of the union).</summary>
    private sealed class Row
    {
        public int Id { get; init; }

        public string Name { get; init; } = "";

        public CampaignStatus Status { get; init; }

        public CampaignChannels Channels { get; init; }

        public string CreatedById { get; init; } = "";

        public string CreatedByName { get; init; } = "";

        public int? EstimatedAudience { get; init; }

        public CampaignScheduleKind? ScheduleKind { get; init; }

        public DateTime? ScheduledForUtc { get; init; }

        public DateTime? StartedUtc { get; init; }

        public DateTime? CompletedUtc { get; init; }

        public DateOnly? ScheduleLocalDate { get; init; }

        public TimeOnly? ScheduleLocalTime { get; init; }

        public int Revision { get; init; }
    }
}
