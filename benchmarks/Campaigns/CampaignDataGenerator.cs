using System.Data.Common;
using System.Globalization;
using System.Text;

namespace CampaignStudio.Benchmarks.Campaigns;

/// <summary>
/// Writes campaigns straight into the tables with multi-row INSERTs: a realistic spread of statuses (most completed),
/// channels, 25 creators, 1–3 included segments (a fifth also exclude one), three years of creation dates and
/// schedules around them, a fifth of finished campaigns archived. The content is a small stub: the list never reads it.
/// </summary>
internal sealed class CampaignDataGenerator(DbConnection connection, bool isMySql, DateTime nowUtc, IReadOnlyList<int> segmentIds)
{
    private const int BatchSize = 1000;

    private static readonly string[] Themes =
    [
        "Diwali offer", "Monsoon sale", "Dealer meet invite", "New cement grade launch", "Holi greetings", "Year-end clearance",
        "Loyalty points reminder", "Site engineer webinar", "Price revision notice", "Festive combo", "Referral bonus", "Service camp",
    ];

    private static readonly (int Status, int Weight)[] Statuses = [(1, 15), (2, 10), (3, 2), (4, 2), (5, 60), (6, 6), (7, 5)];

    private static readonly int[] ChannelSets = [1, 1, 1, 2, 2, 4, 4, 8, 3, 5, 6, 9, 15];

    public async Task GenerateAsync(int count)
    {
        var random = new Random(42);
        var campaigns = new StringBuilder();
        var contents = new StringBuilder();
        var links = new StringBuilder();
        for (var id = 1; id <= count; id++)
        {
            var status = Pick(random);
            var created = nowUtc.AddDays(-random.Next(0, 3 * 365)).AddMinutes(-random.Next(0, 1440));
            var channels = ChannelSets[random.Next(ChannelSets.Length)];
            var creator = random.Next(25);
            var name = $"{Themes[random.Next(Themes.Length)]} {created.Year} #{id}";
            DateTime? scheduled = status switch
            {
                1 => random.Next(3) == 0 ? created.AddDays(random.Next(1, 30)) : null,
                2 => nowUtc.AddDays(random.Next(1, 60)).AddMinutes(random.Next(0, 1440)),
                _ => created.AddDays(random.Next(0, 14)).AddMinutes(random.Next(0, 1440)),
            };
            if (status != 2 && scheduled > nowUtc)
            {
                scheduled = nowUtc.AddDays(-random.Next(1, 30));
            }

            var finished = status is 5 or 6 or 7;
            DateTime? archived = finished && random.Next(5) == 0 ? scheduled!.Value.AddDays(random.Next(1, 60)) : null;
            var updated = archived ?? scheduled ?? created;
            var estimate = random.Next(50, 200_000);
            campaigns.Append(campaigns.Length == 0 ? "" : ",").Append('(')
                .Append(id).Append(',').Append(Text(name)).Append(',').Append(Text(name.Trim().ToUpperInvariant())).Append(",NULL,'{}','{}',")
                .Append(Text($"user-{creator:00}")).Append(',').Append(Text($"Creator {creator:00}")).Append(',').Append(Time(created)).Append(',')
                .Append(Text($"user-{creator:00}")).Append(',').Append(Text($"Creator {creator:00}")).Append(',').Append(Time(updated)).Append(',')
                .Append(status).Append(',').Append(Time(archived)).Append(",4,").Append(channels).Append(",1,NULL,")
                .Append(scheduled is null ? "NULL" : "1").Append(',').Append(Time(scheduled)).Append(',')
                .Append(scheduled is null ? "NULL" : "'Asia/Kolkata'").Append(',')
                .Append(scheduled is { } s ? Text(s.AddMinutes(330).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : "NULL").Append(',')
                .Append(scheduled is { } t ? Text(t.AddMinutes(330).ToString("HH:mm:ss", CultureInfo.InvariantCulture)) : "NULL").Append(",NULL,")
                .Append(estimate).Append(',').Append(Time(created)).Append(',')
                .Append(status >= 3 ? Time(scheduled) : "NULL").Append(',').Append(finished ? Time(scheduled?.AddHours(2)) : "NULL").Append(',')
                .Append(status == 7 ? "'The provider refused the account.'" : "NULL").Append(",7)");
            contents.Append(contents.Length == 0 ? "" : ",").Append('(').Append(id).Append(",'{}')");
            var included = segmentIds.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList();
            for (var p = 0; p < included.Count; p++)
            {
                links.Append(links.Length == 0 ? "" : ",").Append('(').Append(id).Append(',').Append(included[p]).Append(",1,").Append(p).Append(')');
            }

            if (random.Next(5) == 0 && segmentIds.Except(included).FirstOrDefault() is var excluded and > 0)
            {
                links.Append(",(").Append(id).Append(',').Append(excluded).Append(",2,0)");
            }

            if (id % BatchSize == 0 || id == count)
            {
                await ExecuteAsync(
                    "INSERT INTO Campaigns (Id, Name, NormalizedName, Description, FieldsJson, AttributesJson, CreatedById, CreatedByName, CreatedUtc, " +
                    "UpdatedById, UpdatedByName, UpdatedUtc, Status, ArchivedUtc, WizardStep, Channels, ContentVersion, EmailSenderId, ScheduleKind, ScheduledForUtc, " +
                    "ScheduleTimeZone, ScheduleLocalDate, ScheduleLocalTime, ScheduleLatestUtc, EstimatedAudience, AudienceEstimatedUtc, StartedUtc, CompletedUtc, " +
                    "FailureReason, Revision) VALUES " + campaigns);
                await ExecuteAsync("INSERT INTO CampaignContents (CampaignId, ContentJson) VALUES " + contents);
                await ExecuteAsync("INSERT INTO CampaignSegments (CampaignId, SegmentId, Role, Position) VALUES " + links);
                campaigns.Clear();
                contents.Clear();
                links.Clear();
            }
        }
    }

    private static int Pick(Random random)
    {
        var roll = random.Next(100);
        foreach (var (status, weight) in Statuses)
        {
            if (roll < weight)
            {
                return status;
            }

            roll -= weight;
        }

        return 5;
    }

    private string Time(DateTime? utc) => utc is { } value
        ? "'" + value.ToString(isMySql ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "'"
        : "NULL";

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private async Task ExecuteAsync(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
