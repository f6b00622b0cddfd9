namespace CampaignStudio.Features.Audience.Segments;

public enum PeriodUnit
{
    Days,
    Weeks,
    Months,
}
