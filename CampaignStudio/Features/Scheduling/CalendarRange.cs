namespace CampaignStudio.Features.Scheduling;

/// <summary>What a calendar view shows: its campaigns in start order, and its days with overlapping audiences.</summary>
public sealed record CalendarRange(IReadOnlyList<CalendarEntry> Entries, IReadOnlyList<CalendarOverlap> Overlaps);
