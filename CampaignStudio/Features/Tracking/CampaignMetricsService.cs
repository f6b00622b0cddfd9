using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Campaign figures from the ledger (audience, sent, delivered, failed, bounced, skipped: one grouped count over the
/// campaign's rows, read from its progress index, and kept once the campaign is done — <see cref="CampaignLedgerTotals"/>)
/// and from the counters tracking maintains (opens, clicks,
/// conversions, value, unsubscribes, per channel, per hour and per link), so reading a campaign's figures costs the
/// same with ten events or ten million. Sent counts every message a provider accepted (also those later reported
/// delivered or undelivered); bounced are those reported undelivered; messages put in the Outbox are not sent.
/// </summary>
public sealed class CampaignMetricsService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : ICampaignMetrics
{
    private const int IdsPerQuery = 1000;

    public bool IsTracking => true;

    public async Task<CampaignMetrics?> GetAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            return null;
        }

        var ledger = await CampaignLedgerTotals.ReadAsync(db, [campaignId], clock.GetUtcNow().UtcDateTime, cancellationToken);
        var counters = await db.CampaignCounters.AsNoTracking().Where(c => c.CampaignId == campaignId).ToListAsync(cancellationToken);
        var links = await db.CampaignLinks.AsNoTracking().Where(l => l.CampaignId == campaignId).OrderBy(l => l.LinkIndex)
            .Select(l => new LinkClicks(l.LinkIndex, l.Url, l.Clicks, l.UniqueClicks) { Channel = l.Channel }).ToListAsync(cancellationToken);
        var hours = await db.CampaignHourCounters.AsNoTracking().Where(c => c.CampaignId == campaignId).ToListAsync(cancellationToken);
        var sentPerHour = await SentPerHourAsync(db, campaignId, cancellationToken);

        var channels = ledger.Select(l => l.Channel).Concat(counters.Select(c => c.Channel)).Distinct().Order().ToList();
        var byChannel = channels.Select(ch => Combine(ch, ledger.Where(l => l.Channel == ch), counters.Where(c => c.Channel == ch))).ToList();
        var total = Combine(null, ledger, counters);
        var series = hours.GroupBy(h => h.HourUtc).Select(g => g.Key).Union(sentPerHour.Keys).Order()
            .Select(hour =>
            {
                var h = hours.Where(x => x.HourUtc == hour).ToList();
                return new MetricsPoint(hour, sentPerHour.GetValueOrDefault(hour), h.Sum(x => x.UniqueOpens), h.Sum(x => x.UniqueClicks), h.Sum(x => x.Conversions), h.Sum(x => x.Unsubscribes));
            })
            .ToList();
        return new CampaignMetrics(campaignId, clock.GetUtcNow().UtcDateTime, total, byChannel, links, series);
    }

    public async Task<IReadOnlyDictionary<int, ChannelMetrics>> TotalsAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<int, ChannelMetrics>();
        if (campaignIds.Count == 0)
        {
            return result;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in campaignIds.Distinct().Chunk(IdsPerQuery))
        {
            var ids = chunk.ToList();
            var ledger = (await CampaignLedgerTotals.ReadAsync(db, ids, clock.GetUtcNow().UtcDateTime, cancellationToken)).ToLookup(l => l.CampaignId);
            var counters = (await db.CampaignCounters.AsNoTracking().Where(c => ids.Contains(c.CampaignId)).ToListAsync(cancellationToken)).ToLookup(c => c.CampaignId);
            foreach (var id in ids)
            {
                if (ledger[id].Any() || counters[id].Any())
                {
                    result[id] = Combine(null, ledger[id], counters[id]);
                }
            }
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<int, CampaignHeadlineMetrics>> HeadlinesAsync(IReadOnlyCollection<int> campaignIds, CancellationToken cancellationToken = default) =>
        (await TotalsAsync(campaignIds, cancellationToken)).ToDictionary(t => t.Key, t => new CampaignHeadlineMetrics(t.Value.Sent, t.Value.OpenRate, t.Value.ClickRate));

    /// <summary>The figures of one channel (or, with <paramref name="channel"/> null, all channels) from ledger counts and counters.</summary>
    public static ChannelMetrics Combine(Channel? channel, IEnumerable<LedgerCount> ledger, IEnumerable<CampaignCounter> counters)
    {
        long audience = 0, sent = 0, delivered = 0, failed = 0, bounced = 0, skipped = 0;
        foreach (var row in ledger)
        {
            audience += row.Count;
            switch (row.Status)
            {
                case DeliveryStatus.Sent:
                    sent += row.Count;
                    break;
                case DeliveryStatus.Delivered:
                    sent += row.Count;
                    delivered += row.Count;
                    break;
                case DeliveryStatus.Undelivered:
                    sent += row.Count;
                    bounced += row.Count;
                    break;
                case DeliveryStatus.Failed:
                    failed += row.Count;
                    break;
                case DeliveryStatus.Skipped:
                    skipped += row.Count;
                    break;
            }
        }

        var c = counters.ToList();
        return new ChannelMetrics(channel, audience, sent, delivered, failed, bounced, skipped,
            c.Sum(x => x.UniqueOpens), c.Sum(x => x.Opens), c.Sum(x => x.AutomatedOpens),
            c.Sum(x => x.UniqueClicks), c.Sum(x => x.Clicks),
            c.Sum(x => x.Conversions), c.Sum(x => x.ConversionValue), c.Sum(x => x.Unsubscribes));
    }

    private static async Task<Dictionary<DateTime, long>> SentPerHourAsync(AppDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        var mySql = db is MySqlAppDbContext;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var sql = new SqlText(command, mySql);
            sql.Append("SELECT ").Append(mySql ? "DATE_FORMAT(`SentUtc`, '%Y-%m-%d %H:00:00')" : "strftime('%Y-%m-%d %H:00:00', \"SentUtc\")").Append(" AS h, COUNT(*) FROM ").Name("Deliveries")
                .Append(" WHERE ").Name("CampaignId").Append(" = ").Value(campaignId).Append(" AND ").Name("SentUtc").Append(" IS NOT NULL GROUP BY h");
            var result = new Dictionary<DateTime, long>();
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var hour = DateTime.ParseExact(reader.GetString(0), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                result[hour] = reader.GetInt64(1);
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
