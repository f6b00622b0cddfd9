namespace CampaignStudio.Features.Scheduling;

public static class SchedulingFeature
{
    /// <summary>The calendar: campaigns by date range, with days whose campaigns share contacts flagged. Moving a campaign is <c>CampaignService.RescheduleAsync</c>.</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CalendarService>();
        builder.Services.AddSingleton<AudienceOverlapCache>();
        return builder;
    }
}
