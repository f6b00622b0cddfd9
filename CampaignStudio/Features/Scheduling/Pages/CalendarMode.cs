namespace CampaignStudio.Features.Scheduling.Pages;

public enum CalendarMode
{
    Month,
    Week,
    Day,
}
