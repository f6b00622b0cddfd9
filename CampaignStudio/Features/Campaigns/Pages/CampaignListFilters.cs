using System.Globalization;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace CampaignStudio.Features.Campaigns.Pages;

/// <summary>
/// The history page's filters, as the page holds them and as the address bar shows them
/// (<c>?status=draft,scheduled&amp;channel=email&amp;creator=…&amp;from=2026-06-01&amp;to=2026-06-30&amp;segment=3&amp;q=diwali&amp;archived=true</c>),
/// so that a filtered view can be bookmarked and shared. Dates are the viewer's local days, both included.
/// </summary>
public sealed record CampaignListFilters
{
    public IReadOnlyList<CampaignStatus> Statuses { get; init; } = [];

    public Channel? Channel { get; init; }

    public string? CreatorId { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public int? SegmentId { get; init; }

    public string? Search { get; init; }

    public bool ShowArchived { get; init; }

    /// <summary>Whether anything narrows the list (showing archived ones too does not).</summary>
    public bool IsFiltered => Statuses.Count > 0 || Channel is not null || CreatorId is not null || From is not null || To is not null || SegmentId is not null || !string.IsNullOrWhiteSpace(Search);

    /// <summary>The service query for one page; the local days become UTC instants in <paramref name="zone"/>.</summary>
    public CampaignQuery ToQuery(CampaignSort sort, int page, int pageSize, TimeZoneInfo zone) => new()
    {
        Statuses = Statuses,
        Channel = Channel,
        CreatedById = CreatorId,
        ScheduledFromUtc = From is { } from ? StartOfDayUtc(from, zone) : null,
        ScheduledToUtc = To is { } to ? StartOfDayUtc(to.AddDays(1), zone) : null,
        SegmentId = SegmentId,
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        IncludeArchived = ShowArchived,
        Sort = sort,
        Page = page,
        PageSize = pageSize,
    };

    public string ToUri(string path)
    {
        var query = new Dictionary<string, string?>();
        if (Statuses.Count > 0)
        {
            query["status"] = string.Join(",", Statuses.Select(s => s.ToString().ToLowerInvariant()));
        }

        if (Channel is { } channel)
        {
            query["channel"] = channel.ToString().ToLowerInvariant();
        }

        if (CreatorId is not null)
        {
            query["creator"] = CreatorId;
        }

        if (From is { } from)
        {
            query["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (To is { } to)
        {
            query["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (SegmentId is { } segment)
        {
            query["segment"] = segment.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            query["q"] = Search.Trim();
        }

        if (ShowArchived)
        {
            query["archived"] = "true";
        }

        return QueryHelpers.AddQueryString(path, query);
    }

    /// <summary>Reads the filters from an address; what cannot be read is left out.</summary>
    public static CampaignListFilters FromUri(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? [] : QueryHelpers.ParseQuery(uri[queryStart..]);
        string? Value(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        DateOnly? Date(string key) => DateOnly.TryParseExact(Value(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new CampaignListFilters
        {
            Statuses = [.. (Value("status") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => Enum.TryParse<CampaignStatus>(s, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : (CampaignStatus?)null)
                .OfType<CampaignStatus>().Distinct()],
            Channel = Enum.TryParse<Channel>(Value("channel"), ignoreCase: true, out var channel) && Enum.IsDefined(channel) ? channel : null,
            CreatorId = Value("creator"),
            From = Date("from"),
            To = Date("to"),
            SegmentId = int.TryParse(Value("segment"), NumberStyles.None, CultureInfo.InvariantCulture, out var segment) ? segment : null,
            Search = Value("q"),
            ShowArchived = bool.TryParse(Value("archived"), out var archived) && archived,
        };
    }

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
