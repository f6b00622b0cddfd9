namespace CampaignStudio.Features.Scheduling.Pages;

/// <summary>Where a campaign is dropped or picked to go: a date and a time as the viewer sees them.</summary>
public sealed record MoveTarget(CalendarEntry Entry, DateOnly Date, TimeOnly Time);
