using System.Globalization;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// What people and API keys with read access see of a campaign's performance: its metrics, the people who opened,
/// clicked or converted (a page at a time), and both as CSV (formula-safe). Every method checks the caller first.
/// </summary>
public sealed class TrackingReports(IDbContextFactory<AppDbContext> contexts, ICampaignMetrics metrics, PiiProtector pii, CurrentUser currentUser)
{
    public const int MaxPageSize = 200;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<CampaignMetrics> GetMetricsAsync(int campaignId, CancellationToken cancellationToken)
    {
        await currentUser.RequireAsync(Policies.Read);
        return await metrics.GetAsync(campaignId, cancellationToken) ?? throw new NotFoundException($"There is no campaign {campaignId}.");
    }

    public async Task<EngagedPeoplePage> ListPeopleAsync(int campaignId, EngagementFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await currentUser.RequireAsync(Policies.Read);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireCampaignAsync(db, campaignId, cancellationToken);
        var query = Filtered(db, campaignId, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Rows(db, query).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new EngagedPeoplePage([.. rows.Select(ToPerson)], total, page, pageSize);
    }

    /// <summary>The campaign's figures as CSV: one line per channel and the total, then clicks per link, then the hourly series.</summary>
    public async Task<string> ExportMetricsCsvAsync(int campaignId, CancellationToken cancellationToken)
    {
        var m = await GetMetricsAsync(campaignId, cancellationToken);
        var csv = new StringBuilder();
        csv.AppendLine(CsvCells.Line("channel", "audience", "sent", "delivered", "failed", "bounced", "skipped", "unique_opens", "opens", "automated_opens", "open_rate", "unique_clicks", "clicks", "click_rate", "click_to_open_rate", "conversions", "conversion_rate", "conversion_value", "unsubscribes"));
        foreach (var c in m.ByChannel.Append(m.Total))
        {
            csv.AppendLine(CsvCells.Line(c.Channel?.ToString() ?? "Total", N(c.Audience), N(c.Sent), N(c.Delivered), N(c.Failed), N(c.Bounced), N(c.Skipped), N(c.UniqueOpens), N(c.Opens), N(c.AutomatedOpens), R(c.OpenRate),
                N(c.UniqueClicks), N(c.Clicks), R(c.ClickRate), R(c.ClickToOpenRate), N(c.Conversions), R(c.ConversionRate), c.ConversionValue.ToString(Invariant), N(c.Unsubscribes)));
        }

        csv.AppendLine().AppendLine(CsvCells.Line("link", "url", "clicks", "unique_clicks", "channel"));
        foreach (var l in m.Links)
        {
            csv.AppendLine(CsvCells.Line(N(l.LinkIndex + 1), l.Url, N(l.Clicks), N(l.UniqueClicks), l.Channel.ToString()));
        }

        csv.AppendLine().AppendLine(CsvCells.Line("hour_utc", "sent", "unique_opens", "unique_clicks", "conversions", "unsubscribes"));
        foreach (var p in m.Series)
        {
            csv.AppendLine(CsvCells.Line(p.HourUtc.ToString("yyyy-MM-dd HH:mm", Invariant), N(p.Sent), N(p.UniqueOpens), N(p.UniqueClicks), N(p.Conversions), N(p.Unsubscribes)));
        }

        return csv.ToString();
    }

    /// <summary>Everyone who opened, clicked or converted, as CSV, streamed a thousand rows at a time.</summary>
    public async Task ExportPeopleCsvAsync(int campaignId, EngagementFilter filter, TextWriter output, CancellationToken cancellationToken)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireCampaignAsync(db, campaignId, cancellationToken);
        await output.WriteLineAsync(CsvCells.Line("contact_id", "name", "email", "channel", "first_open_utc", "first_click_utc", "converted_utc", "opens", "clicks", "conversions", "conversion_value"));
        long after = -1;
        while (true)
        {
            var rows = await Rows(db, Filtered(db, campaignId, filter).Where(e => e.DeliveryId > after).OrderBy(e => e.DeliveryId)).Take(1000).ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                var p = ToPerson(r);
                await output.WriteLineAsync(CsvCells.Line(N(p.ContactId), p.Name, p.Email, p.Channel.ToString(), T(p.FirstOpenUtc), T(p.FirstClickUtc), T(p.ConvertedUtc), N(p.Opens), N(p.Clicks), N(p.Conversions), p.ConversionValue.ToString(Invariant)));
            }

            if (rows.Count < 1000)
            {
                return;
            }

            after = rows[^1].DeliveryId;
        }
    }

    private static IQueryable<DeliveryEngagement> Filtered(AppDbContext db, int campaignId, EngagementFilter filter)
    {
        var query = db.DeliveryEngagements.AsNoTracking().Where(e => e.CampaignId == campaignId);
        return filter switch
        {
            EngagementFilter.Clicked => query.Where(e => e.FirstClickUtc != null).OrderByDescending(e => e.FirstClickUtc),
            EngagementFilter.Converted => query.Where(e => e.ConvertedUtc != null).OrderByDescending(e => e.ConvertedUtc),
            _ => query.Where(e => e.FirstOpenUtc != null).OrderByDescending(e => e.FirstOpenUtc),
        };
    }

    private static IQueryable<PersonRow> Rows(AppDbContext db, IQueryable<DeliveryEngagement> engagements) =>
        from e in engagements
        join c in db.Contacts.AsNoTracking() on e.ContactId equals c.Id into contacts
        from c in contacts.DefaultIfEmpty()
        select new PersonRow(e.DeliveryId, e.ContactId, c == null ? null : c.FirstName, c == null ? null : c.LastName, c == null ? null : c.EmailCipher, e.Channel,
            e.FirstOpenUtc, e.FirstClickUtc, e.ConvertedUtc, e.Opens, e.Clicks, e.Conversions, e.ConversionValue);

    private EngagedPerson ToPerson(PersonRow r)
    {
        var name = string.Join(" ", new[] { r.FirstName, r.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new EngagedPerson(r.ContactId, name.Length == 0 ? $"Contact {r.ContactId}" : name, pii.DecryptOrNull(r.EmailCipher), r.Channel,
            r.FirstOpenUtc, r.FirstClickUtc, r.ConvertedUtc, r.Opens, r.Clicks, r.Conversions, r.ConversionValue);
    }

    private static async Task RequireCampaignAsync(AppDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new NotFoundException($"There is no campaign {campaignId}.");
        }
    }

    private static string N(long value) => value.ToString(Invariant);

    private static string R(double? rate) => rate is { } r ? r.ToString("0.####", Invariant) : "";

    private static string T(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", Invariant) ?? "";

    private sealed record PersonRow(long DeliveryId, long ContactId, string? FirstName, string? LastName, byte[]? EmailCipher, Channel Channel,
        DateTime? FirstOpenUtc, DateTime? FirstClickUtc, DateTime? ConvertedUtc, int Opens, int Clicks, int Conversions, decimal ConversionValue);
}
