using System.Data.Common;
using CampaignStudio.Data;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// The two writes of a hit. <see cref="Append"/> stores the hits an endpoint is waiting for as pending rows: one multi-row
/// INSERT, committed on its own, that reads nothing and touches no row another request touches, so it costs the database
/// little more than the log flush that group commit shares. <see cref="Fold"/> then counts a batch of pending rows in one
/// transaction: the raw events (one multi-row INSERT), the per-message engagement markers and counts, the per-link
/// "clicked" markers, and the counters per campaign × channel, per hour and per link (upserts that add to what is there),
/// and deletes the pending rows it counted. A hit is "first" (a unique open, click, conversion or unsubscribe) when its
/// message's marker was empty when the batch read it; only one folder at a time counts (on MySQL, the one holding the
/// fold's lock row), so no two batches race on a marker, also across instances.
/// </summary>
public sealed class TrackingBatchStore(IDbContextFactory<AppDbContext> contexts, IOptions<TrackingOptions> options, IWebhookPublisher webhooks)
{
    /// <summary>The <see cref="SystemSetting"/> row whose lock a fold takes on MySQL: one folder at a time.</summary>
    public const string FoldLockKey = "Tracking.FoldLock";

    /// <summary>The columns of a hit, pending and counted alike (a counted click keeps its link, other kinds have none).</summary>
    private static readonly string[] HitColumns = ["DeliveryId", "CampaignId", "Channel", "Kind", "LinkIndex", "IsAutomated", "OccurredUtc", "UserAgent", "Name", "Value", "Currency"];
    private static readonly string[] EngagementColumns = ["DeliveryId", "CampaignId", "ContactId", "Channel", "FirstOpenUtc", "FirstClickUtc", "ConvertedUtc", "UnsubscribedUtc", "Opens", "AutomatedOpens", "Clicks", "AutomatedClicks", "Conversions", "ConversionValue", "UpdatedUtc"];
    private static readonly (string Column, Func<EngagementDelta, DateTime?> Value)[] EngagementMarkers =
        [("FirstOpenUtc", e => e.FirstOpenUtc), ("FirstClickUtc", e => e.FirstClickUtc), ("ConvertedUtc", e => e.ConvertedUtc), ("UnsubscribedUtc", e => e.UnsubscribedUtc)];

    private static readonly (string Column, Func<EngagementDelta, long> Value)[] EngagementAdditions =
        [("Opens", e => e.Opens), ("AutomatedOpens", e => e.AutomatedOpens), ("Clicks", e => e.Clicks), ("AutomatedClicks", e => e.AutomatedClicks),
            ("Conversions", e => e.Conversions), ("ConversionValue", e => MoneyConverter.ToStore(e.ConversionValue))];

    private static readonly string[] CounterSums = ["Opens", "UniqueOpens", "AutomatedOpens", "Clicks", "UniqueClicks", "AutomatedClicks", "Conversions", "ConversionEvents", "ConversionValue", "Unsubscribes"];

    /// <summary>A writer loop's or the folder's connection: open it once, write every batch through it.</summary>
    public Connection Connect() => new(contexts);

    /// <summary>Creates the fold's lock row on MySQL when it is not there yet (SQLite's folders are kept apart by its write lock).</summary>
    public void PrepareFolding(Connection connection, DateTime nowUtc)
    {
        var db = connection.Open();
        if (db is not MySqlAppDbContext)
        {
            return;
        }

        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            new SqlText(command, mySql: true).Append("INSERT IGNORE INTO ").Name("SystemSettings").Append(" (").Names("Key", "Value", "UpdatedUtc").Append(") VALUES ")
                .Row(FoldLockKey, "Locked by the instance counting tracking hits, one batch at a time.", nowUtc).Build().ExecuteNonQuery();
        }
        catch
        {
            connection.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Stores <paramref name="hits"/> as pending rows, all or none, in one statement committed on its own. Nothing is
    /// checked against the ledger here: a hit whose message no longer exists is dropped when it is folded.
    /// </summary>
    public void Append(Connection connection, IReadOnlyList<TrackingHit> hits)
    {
        if (hits.Count == 0)
        {
            return;
        }

        var db = connection.Open();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            var sql = new SqlText(command, db is MySqlAppDbContext);
            sql.Append("INSERT INTO ").Name("PendingHits").Append(" (").Names(HitColumns).Append(") VALUES ");
            for (var i = 0; i < hits.Count; i++)
            {
                var h = hits[i];
                sql.Append(i == 0 ? "" : ", ").Row(h.Target.DeliveryId, h.Target.CampaignId, h.Target.Channel, h.Kind, h.Target.LinkIndex, h.IsAutomated, h.OccurredUtc,
                    Clip(h.UserAgent, TrackingEvent.MaxUserAgentLength), Clip(h.Name, TrackingEvent.MaxNameLength), h.Value is { } v ? MoneyConverter.ToStore(v) : null, h.Currency);
            }

            sql.Build().ExecuteNonQuery();
        }
        catch
        {
            connection.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Counts up to <paramref name="maxHits"/> pending hits, oldest first, and deletes them, in one transaction; when it
    /// throws, nothing of the batch is stored and the hits stay pending.
    /// </summary>
    /// <param name="recentClicks">The folder's memory of each message's last click (link and time), for spotting scanners.</param>
    public FoldResult Fold(Connection connection, int maxHits, Dictionary<long, (DateTime At, int Link)> recentClicks, DateTime nowUtc)
    {
        var db = connection.Open();
        try
        {
            return Fold(db, maxHits, recentClicks, nowUtc);
        }
        catch
        {
            connection.Abandon();
            throw;
        }
    }

    /// <summary>
    /// The batch's transaction is begun and committed by statements sent with its read and with its writes, so a batch
    /// costs two round trips: the transaction objects of the driver would add three (isolation level, begin, commit).
    /// </summary>
    private FoldResult Fold(AppDbContext db, int maxHits, Dictionary<long, (DateTime At, int Link)> recentClicks, DateTime nowUtc)
    {
        var mySql = db is MySqlAppDbContext;
        var connection = db.Database.GetDbConnection();
        var read = Read(connection, mySql, maxHits);
        if (!read.Leading || read.Hits.Count == 0)
        {
            using var end = connection.CreateCommand();
            end.CommandText = "COMMIT";
            end.ExecuteNonQuery();
            return new FoldResult(read.Leading, 0, read.Hits.Count, []);
        }

        var hooked = read.Subscriptions.SelectMany(e => e.EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var o = options.Value;
        var work = new BatchWork();
        var events = new List<WebhookEvent>();
        foreach (var (_, hit) in read.Hits.OrderBy(h => h.Hit.OccurredUtc).ThenBy(h => h.Id))
        {
            if (!read.Deliveries.TryGetValue(hit.Target.DeliveryId, out var delivery) || delivery.CampaignId != hit.Target.CampaignId)
            {
                continue;
            }

            var automated = hit.IsAutomated
                || (hit.Kind is TrackingEventKind.Open or TrackingEventKind.Click && delivery.SentUtc is { } sent && hit.OccurredUtc - sent < TimeSpan.FromSeconds(o.AutomatedAfterSendSeconds) && hit.OccurredUtc >= sent);
            if (hit.Kind == TrackingEventKind.Click)
            {
                if (recentClicks.TryGetValue(delivery.Id, out var last) && last.Link != hit.Target.LinkIndex && (hit.OccurredUtc - last.At).TotalMilliseconds < o.RapidClickMilliseconds)
                {
                    automated = true;
                }

                recentClicks[delivery.Id] = (hit.OccurredUtc, hit.Target.LinkIndex);
            }

            work.Add(delivery, hit, automated);
            if (!automated && hooked.Contains(TypeOf(hit.Kind)))
            {
                events.Add(WebhookEventFor(delivery, hit));
            }
        }

        if (recentClicks.Count > 200_000)
        {
            recentClicks.Clear();
        }

        // People's opens, clicks, conversions and unsubscribes reach the subscribed webhook endpoints: their outbox rows
        // are written in this transaction, so an event is published exactly when its hit is counted. The active endpoints
        // were read with the hits, so this costs no extra read.
        if (events.Count > 0 && webhooks.Stage(db, events, read.Subscriptions) > 0)
        {
            db.SaveChanges();
            db.ChangeTracker.Clear();
        }

        // Every write of the batch, the pending rows' deletion and the commit in one command: one round trip to the
        // database instead of one per table.
        using var command = connection.CreateCommand();
        var sql = new SqlText(command, mySql);
        if (work.Events.Count > 0)
        {
            InsertEvents(sql, work.Events);
            var engagements = work.Engagements.Values.OrderBy(e => e.DeliveryId).ToLookup(e => e.Stored);
            UpsertEngagements(sql, [.. engagements[false]], nowUtc);
            UpdateEngagements(sql, [.. engagements[true]], nowUtc);
            UpsertCounters(sql, "CampaignCounters", ["CampaignId", "Channel"], [.. work.Totals.OrderBy(c => c.Key).Select(c => (new object[] { c.Key.CampaignId, c.Key.Channel }, c.Value))]);
            UpsertCounters(sql, "CampaignHourCounters", ["CampaignId", "Channel", "HourUtc"], [.. work.Hours.OrderBy(c => c.Key).Select(c => (new object[] { c.Key.CampaignId, c.Key.Channel, c.Key.HourUtc }, c.Value))]);
            CountLinkClicks(sql, work.Links);
        }

        // The rows read, by key: under read committed a row with a smaller key may commit after the read, and stays.
        sql.Append("DELETE FROM ").Name("PendingHits").Append(" WHERE ").Name("Id").Append(" IN (");
        ValueList(sql, [.. read.Hits.Select(h => h.Id).Order()]);
        sql.Append(");COMMIT");
        sql.Build().ExecuteNonQuery();
        return new FoldResult(true, read.Hits.Count, 0, work.Campaigns, read.Hits.Max(h => h.Hit.OccurredUtc));
    }

    /// <summary>
    /// In one round trip: the batch's transaction begun, the fold's lock row taken (MySQL; skipped when another folder
    /// holds it), the oldest pending hits with their messages' markers, and the active webhook endpoints with the event
    /// types they take.
    /// </summary>
    private static Batch Read(DbConnection connection, bool mySql, int maxHits)
    {
        using var command = connection.CreateCommand();
        var sql = new SqlText(command, mySql);
        // MySQL: read committed (set for the session when the connection opened), so a batch locks only the rows it writes
        // and sees what other instances' batches committed.
        // SQLite: the write lock taken at once, so the batch cannot fail to upgrade a read lock halfway; it also keeps a
        // second process's folder out.
        if (mySql)
        {
            sql.Append("START TRANSACTION;SELECT 1 FROM ").Name("SystemSettings").Append(" WHERE ").Name("Key").Append(" = ").Value(FoldLockKey).Append(" FOR UPDATE SKIP LOCKED;");
        }
        else
        {
            sql.Append("BEGIN IMMEDIATE;");
        }

        sql.Append("SELECT p.").Name("Id");
        foreach (var column in HitColumns)
        {
            sql.Append(", p.").Name(column);
        }

        sql.Append(", d.").Name("Id").Append(", d.").Name("CampaignId").Append(", d.").Name("ContactId").Append(", d.").Name("Channel").Append(", d.").Name("SentUtc")
            .Append(", e.").Name("DeliveryId").Append(", e.").Name("FirstOpenUtc").Append(", e.").Name("FirstClickUtc").Append(", e.").Name("ConvertedUtc").Append(", e.").Name("UnsubscribedUtc")
            .Append(" FROM (SELECT * FROM ").Name("PendingHits").Append(" ORDER BY ").Name("Id").Append(" LIMIT ").Value(maxHits).Append(") p")
            .Append(" LEFT JOIN ").Name("Deliveries").Append(" d ON d.").Name("Id").Append(" = p.").Name("DeliveryId")
            .Append(" LEFT JOIN ").Name("DeliveryEngagements").Append(" e ON e.").Name("DeliveryId").Append(" = d.").Name("Id")
            .Append(";SELECT ").Names("Id", "EventTypes").Append(" FROM ").Name("WebhookEndpoints").Append(" WHERE ").Name("IsActive").Append(" = ").Value(true);

        var batch = new Batch();
        using var reader = sql.Build().ExecuteReader();
        if (mySql)
        {
            batch.Leading = reader.Read();
            reader.NextResult();
        }
        else
        {
            batch.Leading = true;
        }

        while (reader.Read())
        {
            var target = new TrackedDelivery(reader.GetInt64(1), reader.GetInt32(2), (Channel)reader.GetInt32(3), reader.GetInt32(5));
            var hit = new TrackingHit(target, (TrackingEventKind)reader.GetInt32(4), Utc(reader, 7)!.Value)
            {
                IsAutomated = reader.GetBoolean(6),
                UserAgent = reader.IsDBNull(8) ? null : reader.GetString(8),
                Name = reader.IsDBNull(9) ? null : reader.GetString(9),
                Value = reader.IsDBNull(10) ? null : reader.GetInt64(10) / MoneyConverter.Scale,
                Currency = reader.IsDBNull(11) ? null : reader.GetString(11),
            };
            batch.Hits.Add((reader.GetInt64(0), hit));
            if (!reader.IsDBNull(12) && !batch.Deliveries.ContainsKey(reader.GetInt64(12)))
            {
                var state = new DeliveryState(reader.GetInt64(12), reader.GetInt32(13), reader.GetInt64(14), (Channel)reader.GetInt32(15), Utc(reader, 16), !reader.IsDBNull(17))
                {
                    FirstOpenUtc = Utc(reader, 18),
                    FirstClickUtc = Utc(reader, 19),
                    ConvertedUtc = Utc(reader, 20),
                    UnsubscribedUtc = Utc(reader, 21),
                };
                batch.Deliveries[state.Id] = state;
            }
        }

        reader.NextResult();
        while (reader.Read())
        {
            batch.Subscriptions.Add(new WebhookSubscription(reader.GetInt32(0), reader.GetString(1)));
        }

        return batch;
    }

    private static void ValueList(SqlText sql, List<long> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Value(values[i]);
        }
    }

    private static void InsertEvents(SqlText sql, List<TrackingEvent> events)
    {
        sql.Append("INSERT INTO ").Name("TrackingEvents").Append(" (").Names(HitColumns).Append(") VALUES ");
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            sql.Append(i == 0 ? "" : ", ").Row(e.DeliveryId, e.CampaignId, e.Channel, e.Kind, e.LinkIndex, e.IsAutomated, e.OccurredUtc, e.UserAgent, e.Name, e.Value is { } v ? MoneyConverter.ToStore(v) : null, e.Currency);
        }

        sql.Append(";");
    }

    /// <summary>Messages without an engagement row yet: inserted, or added to when another instance inserted it meanwhile.</summary>
    private static void UpsertEngagements(SqlText sql, List<EngagementDelta> rows, DateTime nowUtc)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sql.Append("INSERT INTO ").Name("DeliveryEngagements").Append(" (").Names(EngagementColumns).Append(") VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sql.Append(i == 0 ? "" : ", ").Row(r.DeliveryId, r.CampaignId, r.ContactId, r.Channel, r.FirstOpenUtc, r.FirstClickUtc, r.ConvertedUtc, r.UnsubscribedUtc,
                r.Opens, r.AutomatedOpens, r.Clicks, r.AutomatedClicks, r.Conversions, MoneyConverter.ToStore(r.ConversionValue), nowUtc);
        }

        OnConflict(sql, "DeliveryEngagements", ["DeliveryId"]);
        var first = true;
        foreach (var (marker, _) in EngagementMarkers)
        {
            sql.Append(first ? "" : ", ").Name(marker).Append(" = COALESCE(").Append(Existing(sql, "DeliveryEngagements", marker)).Append(", ").Append(Incoming(sql, marker)).Append(")");
            first = false;
        }

        foreach (var (sum, _) in EngagementAdditions)
        {
            sql.Append(", ").Name(sum).Append(" = ").Append(Existing(sql, "DeliveryEngagements", sum)).Append(" + ").Append(Incoming(sql, sum));
        }

        sql.Append(", ").Name("UpdatedUtc").Append(" = ").Append(Incoming(sql, "UpdatedUtc")).Append(";");
    }

    /// <summary>
    /// Messages whose engagement row the batch read: one UPDATE that names only what changes. A count that grows by the
    /// same amount on most rows is added as one value (with a <c>CASE</c> for the rows that differ), a marker is given
    /// only to the rows that set it, so a batch of clicks sends a few values per message instead of fifteen. Measured on
    /// MariaDB: about half the time of the <c>INSERT … ON DUPLICATE KEY UPDATE</c> it replaces for rows that exist, which
    /// first tries the insert and fails on the key. A row deleted meanwhile (the message erased) is simply not updated.
    /// </summary>
    private static void UpdateEngagements(SqlText sql, List<EngagementDelta> rows, DateTime nowUtc)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sql.Append("UPDATE ").Name("DeliveryEngagements").Append(" SET ");
        foreach (var (marker, value) in EngagementMarkers)
        {
            var setting = rows.Where(r => value(r) is not null).ToList();
            if (setting.Count > 0)
            {
                sql.Name(marker).Append(" = COALESCE(").Name(marker).Append(", ");
                ByRow(sql, setting, r => value(r)).Append(" END), ");
            }
        }

        foreach (var (sum, value) in EngagementAdditions)
        {
            // The amount most rows add goes in once; the rows that add another amount are listed.
            var usual = rows.GroupBy(value).MaxBy(g => g.Count())!.Key;
            var others = rows.Where(r => value(r) != usual).ToList();
            if (usual == 0 && others.Count == 0)
            {
                continue;
            }

            sql.Name(sum).Append(" = ").Name(sum).Append(" + ");
            if (others.Count == 0)
            {
                sql.Value(usual).Append(", ");
                continue;
            }

            ByRow(sql, others, r => value(r)).Append(" ELSE ").Value(usual).Append(" END, ");
        }

        sql.Name("UpdatedUtc").Append(" = ").Value(nowUtc).Append(" WHERE ").Name("DeliveryId").Append(" IN (");
        ValueList(sql, rows.ConvertAll(r => r.DeliveryId));
        sql.Append(");");
    }

    /// <summary><c>CASE DeliveryId WHEN … THEN …</c> for <paramref name="rows"/>, without its end.</summary>
    private static SqlText ByRow(SqlText sql, List<EngagementDelta> rows, Func<EngagementDelta, object?> value)
    {
        sql.Append("CASE ").Name("DeliveryId");
        foreach (var r in rows)
        {
            sql.Append(" WHEN ").Value(r.DeliveryId).Append(" THEN ").Value(value(r));
        }

        return sql;
    }

    private static void UpsertCounters(SqlText sql, string table, string[] keys, List<(object[] Key, CounterDelta Delta)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sql.Append("INSERT INTO ").Name(table).Append(" (").Names([.. keys, .. CounterSums]).Append(") VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            var d = rows[i].Delta;
            sql.Append(i == 0 ? "" : ", ").Row([.. rows[i].Key, d.Opens, d.UniqueOpens, d.AutomatedOpens, d.Clicks, d.UniqueClicks, d.AutomatedClicks, d.Conversions, d.ConversionEvents, MoneyConverter.ToStore(d.ConversionValue), d.Unsubscribes]);
        }

        OnConflict(sql, table, keys);
        for (var i = 0; i < CounterSums.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Name(CounterSums[i]).Append(" = ").Append(Existing(sql, table, CounterSums[i])).Append(" + ").Append(Incoming(sql, CounterSums[i]));
        }

        sql.Append(";");
    }

    /// <summary>
    /// Per clicked link: its "clicked" markers for the batch's messages (those already there are ignored), then its counts —
    /// every click, and as unique clicks the markers that were new, which the database reports as the rows the insert added
    /// (<c>ROW_COUNT()</c>, SQLite's <c>changes()</c>), so which messages had clicked a link before needs no read.
    /// </summary>
    private static void CountLinkClicks(SqlText sql, Dictionary<(int CampaignId, int LinkIndex), LinkDelta> links)
    {
        foreach (var ((campaignId, linkIndex), clicks) in links.OrderBy(l => l.Key))
        {
            sql.Append(sql.MySql ? "INSERT IGNORE INTO " : "INSERT OR IGNORE INTO ").Name("DeliveryLinkClicks").Append(" (").Names("DeliveryId", "LinkIndex").Append(") VALUES ");
            var first = true;
            foreach (var deliveryId in clicks.Deliveries.Order())
            {
                sql.Append(first ? "" : ", ").Row(deliveryId, linkIndex);
                first = false;
            }

            sql.Append(";UPDATE ").Name("CampaignLinks").Append(" SET ").Name("Clicks").Append(" = ").Name("Clicks").Append(" + ").Value(clicks.Clicks)
                .Append(", ").Name("UniqueClicks").Append(" = ").Name("UniqueClicks").Append(sql.MySql ? " + ROW_COUNT()" : " + changes()")
                .Append(" WHERE ").Name("CampaignId").Append(" = ").Value(campaignId).Append(" AND ").Name("LinkIndex").Append(" = ").Value(linkIndex).Append(";");
        }
    }

    private static void OnConflict(SqlText sql, string table, string[] keys)
    {
        if (sql.MySql)
        {
            sql.Append(" ON DUPLICATE KEY UPDATE ");
        }
        else
        {
            sql.Append(" ON CONFLICT (").Names(keys).Append(") DO UPDATE SET ");
        }
    }

    private static string Existing(SqlText sql, string table, string column) => sql.MySql ? $"`{column}`" : $"\"{table}\".\"{column}\"";

    private static string Incoming(SqlText sql, string column) => sql.MySql ? $"VALUES(`{column}`)" : $"excluded.\"{column}\"";

    private static DateTime? Utc(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    private static DateTime Hour(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);

    private static WebhookEvent WebhookEventFor(DeliveryState delivery, TrackingHit hit)
    {
        var data = new Dictionary<string, object?>
        {
            ["campaign_id"] = delivery.CampaignId,
            ["delivery_id"] = delivery.Id,
            ["contact_id"] = delivery.ContactId,
            ["channel"] = delivery.Channel.ToString().ToLowerInvariant(),
            ["occurred_utc"] = hit.OccurredUtc,
        };
        if (hit.Kind == TrackingEventKind.Click)
        {
            data["link_index"] = hit.Target.LinkIndex;
        }

        if (hit.Kind == TrackingEventKind.Conversion)
        {
            data["name"] = hit.Name;
            data["value"] = hit.Value;
            data["currency"] = hit.Currency;
        }

        return new WebhookEvent(TypeOf(hit.Kind), hit.OccurredUtc, data) { CampaignId = delivery.CampaignId };
    }

    private static string TypeOf(TrackingEventKind kind) => kind switch
    {
        TrackingEventKind.Click => WebhookEventTypes.Click,
        TrackingEventKind.Conversion => WebhookEventTypes.Conversion,
        TrackingEventKind.Unsubscribe => WebhookEventTypes.Unsubscribe,
        _ => WebhookEventTypes.Open,
    };

    /// <summary>
    /// A writer loop's open connection, kept from batch to batch: taking a pooled connection resets it, a round trip that
    /// cost as much as a batch's read. After a failed batch it is rolled back and closed, and the next batch opens a new one.
    /// Its calls are synchronous: the writer loop has a thread of its own, which the database's answer wakes directly
    /// instead of queueing a continuation behind the requests on the thread pool.
    /// </summary>
    public sealed class Connection(IDbContextFactory<AppDbContext> contexts) : IDisposable
    {
        private AppDbContext? db;

        internal AppDbContext Open()
        {
            if (db is null)
            {
                var opened = contexts.CreateDbContext();
                try
                {
                    // The batch's own statements begin and commit its transaction; EF must not wrap its saves in another.
                    opened.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
                    opened.Database.OpenConnection();
                    if (opened is MySqlAppDbContext)
                    {
                        opened.Database.ExecuteSqlRaw("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                    }
                }
                catch
                {
                    opened.Dispose();
                    throw;
                }

                db = opened;
            }

            return db;
        }

        /// <summary>Rolls back what a failed batch began (when the connection still answers) and closes the connection.</summary>
        internal void Abandon()
        {
            if (db is null)
            {
                return;
            }

            try
            {
                db.Database.ExecuteSqlRaw("ROLLBACK");
            }
#pragma warning disable CA1031 // Whatever the broken connection throws, the server has dropped its transaction with it.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The connection is gone (killed, closed, timed out), and with it the transaction.
            }
            finally
            {
                db.Dispose();
                db = null;
            }
        }

        public void Dispose()
        {
            db?.Dispose();
            db = null;
        }
    }

    /// <param name="HasEngagement">Whether the message's engagement row was there when the batch read it.</param>
    private sealed record DeliveryState(long Id, int CampaignId, long ContactId, Channel Channel, DateTime? SentUtc, bool HasEngagement)
    {
        public DateTime? FirstOpenUtc { get; set; }

        public DateTime? FirstClickUtc { get; set; }

        public DateTime? ConvertedUtc { get; set; }

        public DateTime? UnsubscribedUtc { get; set; }
    }

    private sealed class EngagementDelta(DeliveryState d)
    {
        public long DeliveryId => d.Id;

        public int CampaignId => d.CampaignId;

        public long ContactId => d.ContactId;

        public Channel Channel => d.Channel;

        /// <summary>Whether the row is there to be updated (it was when the batch read it).</summary>
        public bool Stored => d.HasEngagement;

        public DateTime? FirstOpenUtc { get; set; }

        public DateTime? FirstClickUtc { get; set; }

        public DateTime? ConvertedUtc { get; set; }

        public DateTime? UnsubscribedUtc { get; set; }

        public int Opens { get; set; }

        public int AutomatedOpens { get; set; }

        public int Clicks { get; set; }

        public int AutomatedClicks { get; set; }

        public int Conversions { get; set; }

        public decimal ConversionValue { get; set; }
    }

    private sealed class CounterDelta
    {
        public long Opens { get; set; }

        public long UniqueOpens { get; set; }

        public long AutomatedOpens { get; set; }

        public long Clicks { get; set; }

        public long UniqueClicks { get; set; }

        public long AutomatedClicks { get; set; }

        public long Conversions { get; set; }

        public long ConversionEvents { get; set; }

        public decimal ConversionValue { get; set; }

        public long Unsubscribes { get; set; }
    }

    /// <summary>A batch's clicks on one link, and the messages they came from.</summary>
    private sealed class LinkDelta
    {
        public long Clicks { get; set; }

        public HashSet<long> Deliveries { get; } = [];
    }

    /// <summary>What one batch adds up to.</summary>
    private sealed class BatchWork
    {
        public List<TrackingEvent> Events { get; } = [];

        public Dictionary<long, EngagementDelta> Engagements { get; } = [];

        public Dictionary<(int CampaignId, Channel Channel), CounterDelta> Totals { get; } = [];

        public Dictionary<(int CampaignId, Channel Channel, DateTime HourUtc), CounterDelta> Hours { get; } = [];

        public Dictionary<(int CampaignId, int LinkIndex), LinkDelta> Links { get; } = [];

        public HashSet<int> Campaigns { get; } = [];

        public void Add(DeliveryState d, TrackingHit hit, bool automated)
        {
            var at = hit.OccurredUtc;
            Campaigns.Add(d.CampaignId);
            Events.Add(new TrackingEvent(d.Id, d.CampaignId, d.Channel, hit.Kind, at)
            {
                LinkIndex = hit.Kind == TrackingEventKind.Click ? hit.Target.LinkIndex : null,
                IsAutomated = automated,
                UserAgent = hit.UserAgent,
                Name = hit.Name,
                Value = hit.Value,
                Currency = hit.Currency,
            });
            if (!Engagements.TryGetValue(d.Id, out var e))
            {
                Engagements[d.Id] = e = new EngagementDelta(d);
            }

            if (!Totals.TryGetValue((d.CampaignId, d.Channel), out var total))
            {
                Totals[(d.CampaignId, d.Channel)] = total = new CounterDelta();
            }

            switch (hit.Kind)
            {
                case TrackingEventKind.Open when automated:
                    e.AutomatedOpens++;
                    Count(total, d, at, c => c.AutomatedOpens++);
                    break;
                case TrackingEventKind.Open:
                    e.Opens++;
                    Count(total, d, at, c => c.Opens++);
                    FirstOpen(d, e, total, at);
                    break;
                case TrackingEventKind.Click when automated:
                    e.AutomatedClicks++;
                    Count(total, d, at, c => c.AutomatedClicks++);
                    break;
                case TrackingEventKind.Click:
                    e.Clicks++;
                    Count(total, d, at, c => c.Clicks++);
                    // A click means the message was opened, also when its images were never loaded.
                    FirstOpen(d, e, total, at);
                    if (d.FirstClickUtc is null)
                    {
                        d.FirstClickUtc = e.FirstClickUtc = at;
                        Count(total, d, at, c => c.UniqueClicks++);
                    }

                    var linkKey = (d.CampaignId, hit.Target.LinkIndex);
                    if (!Links.TryGetValue(linkKey, out var link))
                    {
                        Links[linkKey] = link = new LinkDelta();
                    }

                    link.Clicks++;
                    link.Deliveries.Add(d.Id);
                    break;
                case TrackingEventKind.Conversion:
                    e.Conversions++;
                    e.ConversionValue += hit.Value ?? 0;
                    Count(total, d, at, c =>
                    {
                        c.ConversionEvents++;
                        c.ConversionValue += hit.Value ?? 0;
                    });
                    if (d.ConvertedUtc is null)
                    {
                        d.ConvertedUtc = e.ConvertedUtc = at;
                        Count(total, d, at, c => c.Conversions++);
                    }

                    break;
                case TrackingEventKind.Unsubscribe:
                    if (d.UnsubscribedUtc is null)
                    {
                        d.UnsubscribedUtc = e.UnsubscribedUtc = at;
                        Count(total, d, at, c => c.Unsubscribes++);
                    }

                    break;
            }
        }

        private void FirstOpen(DeliveryState d, EngagementDelta e, CounterDelta total, DateTime at)
        {
            if (d.FirstOpenUtc is null)
            {
                d.FirstOpenUtc = e.FirstOpenUtc = at;
                Count(total, d, at, c => c.UniqueOpens++);
            }
        }

        private void Count(CounterDelta total, DeliveryState d, DateTime at, Action<CounterDelta> change)
        {
            change(total);
            var key = (d.CampaignId, d.Channel, Hour(at));
            if (!Hours.TryGetValue(key, out var hour))
            {
                Hours[key] = hour = new CounterDelta();
            }

            change(hour);
        }

    }

    /// <summary>What one fold read: its pending hits (with their keys), their messages, and the webhook subscriptions.</summary>
    private sealed class Batch
    {
        /// <summary>Whether this folder holds the fold's lock (always on SQLite).</summary>
        public bool Leading { get; set; }

        public List<(long Id, TrackingHit Hit)> Hits { get; } = [];

        public Dictionary<long, DeliveryState> Deliveries { get; } = [];

        public List<WebhookSubscription> Subscriptions { get; } = [];
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
