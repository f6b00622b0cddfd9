namespace CampaignStudio.Features.Scheduling.Pages;

/// <summary>A day, or an hour of a day (<see cref="Hour"/>), on the calendar as the viewer sees it.</summary>
public sealed record DateSlot(DateOnly Date, int? Hour);
