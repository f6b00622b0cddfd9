using System.Globalization;
using System.Linq.Expressions;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// The campaigns of a calendar range, read in the database by index ranges, never by loading all campaigns: drafts
/// with a send time and scheduled campaigns by their send time, campaigns that started by when they started (a
/// failed one that never started by its send time). Archived campaigns are left out. Days on which campaigns'
/// audiences share contacts come from <see cref="OverlapsAsync"/>, counted in the database. Needs <see cref="Policies.Read"/>.
/// </summary>
public sealed class CalendarService(
    IDbContextFactory<AppDbContext> contexts,
    CurrentUser currentUser,
    SegmentQueryCompiler compiler,
    AudienceOverlapCache cache,
    TimeProvider clock)
{
    /// <summary>The most pairs of campaigns one view compares (a count each); a busier view says how many it left out.</summary>
    public const int MaxPairsPerView = 40;

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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await ReadAsync(db, ToUtc(query.From, zone) - Margin, ToUtc(query.To, zone) + Margin, query.Channel, query.CreatedById, cancellationToken);
        return new CalendarRange(Place(entries, query, zone));
    }

    /// <summary>
    /// The days of <paramref name="query"/>'s range on which campaigns' audiences share contacts. Asked for apart from
    /// <see cref="GetAsync"/> (after the campaigns are shown) because it costs a count per pair of campaigns of a day.
    /// Every campaign of the range counts, also those a channel or creator filter hides.
    /// </summary>
    public async Task<IReadOnlyList<CalendarOverlap>> OverlapsAsync(CalendarQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        var zone = Check(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var everything = Place(await ReadAsync(db, ToUtc(query.From, zone) - Margin, ToUtc(query.To, zone) + Margin, null, null, cancellationToken), query, zone);
        return await CountOverlapsAsync(db, everything, zone, cancellationToken);
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

    /// <summary>
    /// For each day with two or more campaigns, how many contacts each pair of them shares, counted in the database: one
    /// <c>COUNT</c> of the intersection of the two audiences per pair, at most <see cref="MaxPairsPerView"/> pairs (the rest of
    /// a day are reported as not compared), each count kept briefly in <see cref="AudienceOverlapCache"/>. An audience is
    /// its included segments minus its excluded ones, compiled as when it is sent; once a campaign started, it is the
    /// contacts of its ledger that were or will be sent to (not skipped nor cancelled). A campaign that failed before
    /// starting, or has no included segment yet, reaches nobody.
    /// </summary>
    private async Task<IReadOnlyList<CalendarOverlap>> CountOverlapsAsync(AppDbContext db, List<CalendarEntry> entries, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var days = entries.GroupBy(e => DateOnly.FromDateTime(e.LocalStartIn(zone))).Where(d => d.Count() > 1).OrderBy(d => d.Key).ToList();
        if (days.Count == 0)
        {
            return [];
        }

        var ids = days.SelectMany(d => d.Select(e => e.Id)).Distinct().ToList();
        var audiences = await AudiencesAsync(db, ids, cancellationToken);
        var overlaps = new List<CalendarOverlap>();
        var budget = MaxPairsPerView;
        foreach (var day in days)
        {
            var onDay = day.ToList();
            var pairs = new List<SharedAudience>();
            var notCompared = 0;
            for (var i = 0; i < onDay.Count; i++)
            {
                for (var j = i + 1; j < onDay.Count; j++)
                {
                    var (first, second) = (audiences[onDay[i].Id], audiences[onDay[j].Id]);
                    if (first.Predicate is null || second.Predicate is null)
                    {
                        continue;
                    }

                    if (budget == 0)
                    {
                        notCompared++;
                        continue;
                    }

                    budget--;
                    var shared = await SharedAsync(db, first, second, cancellationToken);
                    if (shared > 0)
                    {
                        pairs.Add(new SharedAudience(onDay[i].Id, onDay[i].Name, onDay[j].Id, onDay[j].Name, shared));
                    }
                }
            }

            if (pairs.Count > 0 || notCompared > 0)
            {
                overlaps.Add(new CalendarOverlap(day.Key, pairs, notCompared));
            }
        }

        return overlaps;
    }

    private async Task<int> SharedAsync(AppDbContext db, Audience first, Audience second, CancellationToken cancellationToken)
    {
        var key = string.CompareOrdinal(first.Key, second.Key) < 0 ? $"{first.Key}&{second.Key}" : $"{second.Key}&{first.Key}";
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var count = await db.Contacts.Where(first.Predicate!).Where(second.Predicate!).CountAsync(cancellationToken);
        cache.Set(key, count);
        return count;
    }

    /// <summary>Each campaign's audience as a predicate on contacts (not run here), and a key naming what it was built from.</summary>
    private async Task<Dictionary<int, Audience>> AudiencesAsync(AppDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Revision, c.Status, Started = c.StartedUtc != null })
            .ToListAsync(cancellationToken);
        var links = await db.CampaignSegments.AsNoTracking().Where(l => ids.Contains(l.CampaignId)).ToListAsync(cancellationToken);
        var segmentIds = links.Select(l => l.SegmentId).Distinct().ToList();
        var segments = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        var context = new CompileContext(db, customFields, clock.GetUtcNow().UtcDateTime);
        var audiences = new Dictionary<int, Audience>();
        foreach (var campaign in campaigns)
        {
            var id = campaign.Id;
            if (campaign.Started)
            {
                var ledger = db.Deliveries.Where(d => d.CampaignId == id && d.Status != DeliveryStatus.Skipped && d.Status != DeliveryStatus.Cancelled).Select(d => d.ContactId);
                audiences[id] = new Audience($"{id}:ledger", c => ledger.Contains(c.Id));
                continue;
            }

            var own = links.Where(l => l.CampaignId == id && segments.ContainsKey(l.SegmentId)).OrderBy(l => l.Position).ToList();
            var include = own.Where(l => l.Role == CampaignSegmentRole.Include).Select(l => segments[l.SegmentId]).ToList();
            if (campaign.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled) || include.Count == 0)
            {
                audiences[id] = new Audience($"{id}:none", null);
                continue;
            }

            var exclude = own.Where(l => l.Role == CampaignSegmentRole.Exclude).Select(l => segments[l.SegmentId]).ToList();
            var rule = AudienceRule.Combine(include, exclude);
            var key = $"{id}:r{campaign.Revision}:" + string.Join(",", own.Select(l => $"{l.Role}{l.SegmentId}r{segments[l.SegmentId].Revision}"));
            audiences[id] = new Audience(key, compiler.Compile(rule, context));
        }

        return audiences;
    }

    /// <summary>A campaign's audience as a predicate (null: nobody), and what it was built from.</summary>
    private sealed record Audience(string Key, Expression<Func<Contact, bool>>? Predicate);

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
