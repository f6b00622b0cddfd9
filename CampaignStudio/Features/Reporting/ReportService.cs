using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Reporting;

/// <summary>
/// Compares campaigns over a period. Campaigns are picked in the database (started in the period, by the
/// <c>StartedUtc</c> index, and filtered by channel flag, creator and included segment); their figures come from
/// <see cref="ICampaignMetrics"/>: one call for every campaign's totals, and the per-channel figures of a campaign that
/// sends on several channels only when one channel is asked for or the report groups by channel. A campaign that
/// includes several segments counts in each of their groups. Reports need <see cref="Policies.ViewReports"/>;
/// a campaign's own figures (<see cref="CampaignMetricsAsync"/>) need only <see cref="Policies.Read"/>.
/// </summary>
public sealed class ReportService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, ICampaignMetrics metrics)
{
    /// <summary>The most campaigns one report holds (the newest).</summary>
    public const int MaxCampaigns = 1000;

    private const string NoSegmentKey = "none";

    /// <summary>Whether tracking figures exist at all.</summary>
    public bool IsTracking => metrics.IsTracking;

    /// <summary>All figures of one campaign (zeros before it sent anything).</summary>
    public async Task<CampaignMetrics> CampaignMetricsAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        return await metrics.GetAsync(campaignId, cancellationToken) ?? throw new NotFoundException($"There is no campaign {campaignId}.");
    }

    /// <summary>The creators and segments a report can be filtered by: those of campaigns that have started sending.</summary>
    public async Task<ReportChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ViewReports);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var creators = await db.Campaigns.AsNoTracking()
            .Select(c => new { c.CreatedById, c.CreatedByName })
            .Distinct()
            .ToListAsync(cancellationToken);
        var segments = await db.Segments.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new SegmentChoice(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        return new ReportChoices(
            [.. creators.GroupBy(c => c.CreatedById).Select(g => new CampaignCreator(g.Key, g.First().CreatedByName)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)],
            segments);
    }

    public async Task<CampaignReport> RunAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ViewReports);
        var period = query.Period;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking().Where(c => c.StartedUtc >= period.FromUtc && c.StartedUtc < period.ToUtc);
        if (query.Channel is { } channel)
        {
            var flag = channel.ToFlag();
            campaigns = campaigns.Where(c => (c.Channels & flag) == flag);
        }

        if (!string.IsNullOrWhiteSpace(query.CreatedById))
        {
            campaigns = campaigns.Where(c => c.CreatedById == query.CreatedById);
        }

        if (query.SegmentId is { } segmentId)
        {
            campaigns = campaigns.Where(c => db.CampaignSegments.Any(s => s.CampaignId == c.Id && s.SegmentId == segmentId && s.Role == CampaignSegmentRole.Include));
        }

        var found = await campaigns
            .OrderByDescending(c => c.StartedUtc).ThenByDescending(c => c.Id)
            .Take(MaxCampaigns + 1)
            .Select(c => new { c.Id, c.Name, c.Status, c.Channels, c.CreatedById, c.CreatedByName, StartedUtc = c.StartedUtc!.Value })
            .ToListAsync(cancellationToken);
        var truncated = found.Count > MaxCampaigns;
        if (truncated)
        {
            found.RemoveAt(found.Count - 1);
        }

        var ids = found.Select(c => c.Id).ToList();
        var totals = ids.Count == 0 ? new Dictionary<int, ChannelMetrics>() : await metrics.TotalsAsync(ids, cancellationToken);

        // Per-channel figures, only where a campaign's total is not already the channel's.
        var needChannels = query.Channel is not null || query.GroupBy == ReportGrouping.Channel;
        var byChannel = new Dictionary<int, IReadOnlyList<ChannelMetrics>>();
        if (needChannels)
        {
            foreach (var campaign in found)
            {
                var channels = campaign.Channels.ToList();
                if (channels.Count > 1 && totals.ContainsKey(campaign.Id) && await metrics.GetAsync(campaign.Id, cancellationToken) is { } all)
                {
                    byChannel[campaign.Id] = all.ByChannel;
                }
            }
        }

        ChannelMetrics FiguresOf(int id, CampaignChannels channels, Channel? only)
        {
            var total = totals.GetValueOrDefault(id);
            if (only is not { } one || channels.ToList().Count == 1)
            {
                return total is null ? ChannelMetrics.Empty(only) : total with { Channel = only ?? total.Channel };
            }

            return byChannel.GetValueOrDefault(id)?.FirstOrDefault(m => m.Channel == one) ?? ChannelMetrics.Empty(one);
        }

        var rows = found
            .Select(c => new ReportRow(c.Id, c.Name, c.Status, c.Channels, c.CreatedById, c.CreatedByName, c.StartedUtc, FiguresOf(c.Id, c.Channels, query.Channel)))
            .ToList();

        var groups = query.GroupBy switch
        {
            ReportGrouping.Channel => [.. Enum.GetValues<Channel>()
                .Where(ch => query.Channel is null || ch == query.Channel)
                .Select(ch => (Channel: ch, Rows: rows.Where(r => r.Channels.Includes(ch)).ToList()))
                .Where(g => g.Rows.Count > 0)
                .Select(g => new ReportGroup(g.Channel.ToString(), g.Channel.Display(), MetricsTotals.Of(g.Rows.Select(r => FiguresOf(r.CampaignId, r.Channels, g.Channel)))))],
            ReportGrouping.Creator => [.. rows
                .GroupBy(r => r.CreatedById)
                .Select(g => new ReportGroup(g.Key, g.First().CreatedByName, MetricsTotals.Of(g.Select(r => r.Metrics))))
                .OrderBy(g => g.Label, StringComparer.CurrentCultureIgnoreCase)],
            ReportGrouping.Segment => await SegmentGroupsAsync(db, rows, cancellationToken),
            _ => new List<ReportGroup>(),
        };

        var volume = period.EachDay()
            .GroupJoin(rows, day => day, r => period.DayOf(r.StartedUtc), (day, ofDay) =>
            {
                var sum = MetricsTotals.Of(ofDay.Select(r => r.Metrics));
                return new ReportVolumePoint(day, sum.Sent, sum.UniqueOpens, sum.UniqueClicks, sum.Conversions);
            })
            .ToList();

        return new CampaignReport(query, rows, groups, MetricsTotals.Of(rows.Select(r => r.Metrics)), volume, truncated);
    }

    private static async Task<List<ReportGroup>> SegmentGroupsAsync(AppDbContext db, List<ReportRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.CampaignId).ToList();
        var included = ids.Count == 0 ? [] : await db.CampaignSegments.AsNoTracking()
            .Where(s => ids.Contains(s.CampaignId) && s.Role == CampaignSegmentRole.Include)
            .Select(s => new { s.CampaignId, s.SegmentId })
            .ToListAsync(cancellationToken);
        var segmentIds = included.Select(s => s.SegmentId).Distinct().ToList();
        var names = segmentIds.Count == 0 ? [] : await db.Segments.AsNoTracking()
            .Where(s => segmentIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var segmentsOf = included.ToLookup(s => s.CampaignId, s => s.SegmentId);
        var groups = rows
            .SelectMany(r => segmentsOf[r.CampaignId].DefaultIfEmpty(0).Select(segmentId => (SegmentId: segmentId, Row: r)))
            .GroupBy(x => x.SegmentId)
            .Select(g => new ReportGroup(
                g.Key == 0 ? NoSegmentKey : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                g.Key == 0 ? "No segment" : names.GetValueOrDefault(g.Key) ?? $"Deleted segment {g.Key}",
                MetricsTotals.Of(g.Select(x => x.Row.Metrics))))
            .OrderBy(g => g.Key == NoSegmentKey).ThenBy(g => g.Label, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return groups;
    }
}
