using System.Data.Common;
using System.Globalization;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Freezes a campaign's audience into the ledger when it starts, set-based: for each channel and time-zone wave one
/// <c>INSERT … SELECT</c> built from the segment rules compiled to SQL, so no audience is ever held in memory. Every
/// contact of the audience gets a row per channel: <see cref="DeliveryStatus.Pending"/>, or
/// <see cref="DeliveryStatus.Skipped"/> with the reason (no address, no consent, suppressed) so skips are counted.
/// The ledger's unique index (campaign, contact, channel) refuses a second row for the same message.
/// </summary>
public sealed class AudienceMaterializer(SegmentQueryCompiler compiler)
{
    private const int NotSkipped = 0;

    public async Task<int> MaterializeAsync(AppDbContext db, Campaign campaign, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var segmentIds = campaign.IncludeSegmentIds.Concat(campaign.ExcludeSegmentIds).Distinct().ToList();
        var segments = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var missing = segmentIds.Where(id => !segments.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new CampaignCannotStartException($"Its audience names segment{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}, which no longer exist{(missing.Count == 1 ? "s" : "")}.");
        }

        var rule = AudienceRule.Combine(campaign.IncludeSegmentIds.Select(id => segments[id]), campaign.ExcludeSegmentIds.Select(id => segments[id]));
        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        var audience = db.Contacts.AsNoTracking().Where(compiler.Compile(rule, new CompileContext(db, customFields, nowUtc)));
        var waves = await WavesAsync(audience, campaign.ReadSchedule(), nowUtc, cancellationToken);

        var inserted = 0;
        foreach (var channel in Enum.GetValues<Channel>().Where(c => campaign.Channels.Includes(c)))
        {
            foreach (var wave in waves)
            {
                var rows = Project(db, audience, channel);
                if (wave.Zones is { } zones)
                {
                    rows = rows.Where(r => zones.Contains(r.Zone!));
                }
                else if (wave.ExceptZones is { Count: > 0 } known)
                {
                    rows = rows.Where(r => r.Zone == null || !known.Contains(r.Zone));
                }

                inserted += await InsertAsync(db, rows, campaign.Id, channel, wave.DueUtc, nowUtc, cancellationToken);
            }
        }

        return inserted;
    }

    /// <summary>
    /// When each part of the audience is due. One wave at <paramref name="nowUtc"/> for "send now" and "at a time";
    /// for "at the recipient's local time", one wave per distinct instant among the audience's time zones, and one for
    /// contacts without a (known) zone, who get it at that local time in UTC.
    /// </summary>
    private static async Task<IReadOnlyList<Wave>> WavesAsync(IQueryable<Contact> audience, CampaignSchedule? schedule, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (schedule is not { Kind: CampaignScheduleKind.RecipientLocalTime, LocalDate: { } date, LocalTime: { } time })
        {
            return [new Wave(nowUtc, null, null)];
        }

        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var zones = await audience.Where(c => c.TimeZone != null).Select(c => c.TimeZone!).Distinct().ToListAsync(cancellationToken);
        var byInstant = new Dictionary<DateTime, List<string>>();
        foreach (var zoneId in zones)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            {
                continue;
            }

            // A local time skipped by a clock change happens at the first valid minute after it.
            var at = local;
            while (zone.IsInvalidTime(at))
            {
                at = at.AddMinutes(15);
            }

            var offset = zone.IsAmbiguousTime(at) ? zone.GetAmbiguousTimeOffsets(at).Max() : zone.GetUtcOffset(at);
            var instant = DateTime.SpecifyKind(at - offset, DateTimeKind.Utc);
            if (!byInstant.TryGetValue(instant, out var list))
            {
                byInstant[instant] = list = [];
            }

            list.Add(zoneId);
        }

        var waves = byInstant.OrderBy(w => w.Key).Select(w => new Wave(w.Key, w.Value, null)).ToList();
        waves.Add(new Wave(DateTime.SpecifyKind(local, DateTimeKind.Utc), null, [.. byInstant.Values.SelectMany(v => v)]));
        return waves;
    }

    /// <summary>The audience on one channel with the reason each contact is skipped (0 when not).</summary>
    private static IQueryable<AudienceRow> Project(AppDbContext db, IQueryable<Contact> audience, Channel channel)
    {
        var consents = db.ContactConsents.Where(k => k.Channel == channel && k.Status == ConsentStatus.Granted);
        var suppressions = db.SuppressedAddresses.Where(SuppressedAddress.Covers(channel));
        return channel switch
        {
            Channel.Email => audience.Select(c => new AudienceRow
            {
                ContactId = c.Id,
                Reason = c.EmailHash == null ? (int)SkipReason.NoAddress
                    : !consents.Any(k => k.ContactId == c.Id) ? (int)SkipReason.NoConsent
                    : suppressions.Any(s => s.AddressHash == c.EmailHash) ? (int)SkipReason.Suppressed
                    : NotSkipped,
                Zone = c.TimeZone,
            }),
            Channel.Sms or Channel.WhatsApp => audience.Select(c => new AudienceRow
            {
                ContactId = c.Id,
                Reason = c.PhoneHash == null ? (int)SkipReason.NoAddress
                    : !consents.Any(k => k.ContactId == c.Id) ? (int)SkipReason.NoConsent
                    : suppressions.Any(s => s.AddressHash == c.PhoneHash) ? (int)SkipReason.Suppressed
                    : NotSkipped,
                Zone = c.TimeZone,
            }),
            _ => audience.Select(c => new AudienceRow
            {
                ContactId = c.Id,
                Reason = !db.ContactPushTokens.Any(t => t.ContactId == c.Id) ? (int)SkipReason.NoAddress
                    : !consents.Any(k => k.ContactId == c.Id) ? (int)SkipReason.NoConsent
                    : NotSkipped,
                Zone = c.TimeZone,
            }),
        };
    }

    /// <summary>
    /// <c>INSERT INTO Deliveries (…) SELECT … FROM (the audience query) AS a</c>: the audience SQL and its parameters come
    /// from EF (so rules compile exactly as segment counts do); the constants are parameters typed by the model.
    /// </summary>
    private static async Task<int> InsertAsync(AppDbContext db, IQueryable<AudienceRow> rows, int campaignId, Channel channel, DateTime dueUtc, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var select = rows.Select(r => new { r.ContactId, r.Reason }).CreateDbCommand();
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(DeliveryRecord))!;
        var table = sql.DelimitIdentifier(entity.GetTableName()!);
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 600;
        foreach (DbParameter parameter in select.Parameters)
        {
            var copy = command.CreateParameter();
            copy.ParameterName = parameter.ParameterName;
            copy.Value = parameter.Value;
            copy.DbType = parameter.DbType;
            command.Parameters.Add(copy);
        }

        string Parameter(string name, string property, object value)
        {
            var mapping = entity.FindProperty(property)!.GetRelationalTypeMapping();
            var parameterName = sql.GenerateParameterName(name);
            command.Parameters.Add(mapping.CreateParameter(command, parameterName, value, nullable: false));
            return parameterName;
        }

        var campaign = Parameter("cs_campaign", nameof(DeliveryRecord.CampaignId), campaignId);
        var channelValue = Parameter("cs_channel", nameof(DeliveryRecord.Channel), channel);
        var due = Parameter("cs_due", nameof(DeliveryRecord.DueUtc), dueUtc);
        var now = Parameter("cs_now", nameof(DeliveryRecord.CreatedUtc), nowUtc);
        var updated = Parameter("cs_updated", nameof(DeliveryRecord.UpdatedUtc), nowUtc);
        var pending = ((int)DeliveryStatus.Pending).ToString(CultureInfo.InvariantCulture);
        var skipped = ((int)DeliveryStatus.Skipped).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .Append("INSERT INTO ").Append(table).Append(" (")
            .AppendJoin(", ", new[]
            {
                nameof(DeliveryRecord.CampaignId), nameof(DeliveryRecord.ContactId), nameof(DeliveryRecord.Channel), nameof(DeliveryRecord.Status),
                nameof(DeliveryRecord.SkipReason), nameof(DeliveryRecord.DueUtc), nameof(DeliveryRecord.Attempts), nameof(DeliveryRecord.LeaseLapses),
                nameof(DeliveryRecord.CreatedUtc), nameof(DeliveryRecord.UpdatedUtc),
            }.Select(Column))
            .Append(") SELECT ").Append(campaign).Append(", a.").Append(sql.DelimitIdentifier("ContactId")).Append(", ").Append(channelValue)
            .Append(", CASE WHEN a.").Append(sql.DelimitIdentifier("Reason")).Append(" = 0 THEN ").Append(pending).Append(" ELSE ").Append(skipped).Append(" END")
            .Append(", CASE WHEN a.").Append(sql.DelimitIdentifier("Reason")).Append(" = 0 THEN NULL ELSE a.").Append(sql.DelimitIdentifier("Reason")).Append(" END")
            .Append(", ").Append(due).Append(", 0, 0, ").Append(now).Append(", ").Append(updated)
            .Append(" FROM (").Append(select.CommandText.TrimEnd().TrimEnd(';')).Append(") AS a");
        command.CommandText = text.ToString();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Wave(DateTime DueUtc, IReadOnlyList<string>? Zones, IReadOnlyList<string>? ExceptZones);

    /// <summary>One contact of the audience on one channel, as the audience query projects it.</summary>
    private sealed class AudienceRow
    {
        public long ContactId { get; init; }

        public int Reason { get; init; }

        public string? Zone { get; init; }
    }
}
