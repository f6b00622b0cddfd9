namespace CampaignStudio.Features.Scheduling;

/// <summary>What a calendar view shows: its campaigns in start order (overlapping audiences come separately, see <see cref="CalendarService.OverlapsAsync"/>).</summary>
public sealed record CalendarRange(IReadOnlyList<CalendarEntry> Entries);
