using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>A page of the campaign list (the history page): filters, sort and page (from 0).</summary>
public sealed record CampaignQuery
{
    public const int MaxPageSize = 200;

    /// <summary>Any of these statuses; all when empty.</summary>
    public IReadOnlyList<CampaignStatus> Statuses { get; init; } = [];

    /// <summary>Campaigns that send on this channel (among others).</summary>
    public Channel? Channel { get; init; }

    /// <summary>The creator's user id.</summary>
    public string? CreatedById { get; init; }

    /// <summary>Scheduled at or after this instant.</summary>
    public DateTime? ScheduledFromUtc { get; init; }

    /// <summary>Scheduled before this instant.</summary>
    public DateTime? ScheduledToUtc { get; init; }

    /// <summary>Campaigns that include this segment.</summary>
    public int? SegmentId { get; init; }

    /// <summary>Part of the name, in any case.</summary>
    public string? Search { get; init; }

    public bool IncludeArchived { get; init; }

    public CampaignSort Sort { get; init; } = CampaignSort.Newest;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

public enum CampaignSort
{
    Newest = 1,
    Oldest = 2,
    Name = 3,
    NameDescending = 4,
    ScheduledFor = 5,
    ScheduledForDescending = 6,
    RecentlyUpdated = 7,

    /// <summary>By status in lifecycle order (Draft, Scheduled, Sending, …), newest first within a status.</summary>
    Status = 8,

    /// <summary>The reverse of <see cref="Status"/>: Failed first, oldest first within a status.</summary>
    StatusDescending = 9,
}

/// <summary>A campaign in the list: what the history page shows, without the content.</summary>
public sealed record CampaignRow(
    int Id,
    string Name,
    string CreatedByName,
    IReadOnlyList<Channel> Channels,
    IReadOnlyList<string> IncludeSegments,
    int? EstimatedAudience,
    CampaignScheduleKind? ScheduleKind,
    DateTime? ScheduledForUtc,
    CampaignStatus Status,
    bool IsArchived,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    int Revision,
    IReadOnlyList<CampaignAction> AllowedActions);

public sealed record CampaignPage(IReadOnlyList<CampaignRow> Rows, int Total);

/// <summary>Someone who created campaigns, for the list's creator filter.</summary>
public sealed record CampaignCreator(string Id, string Name);
