namespace CampaignStudio.Features.Dashboard;

public static class DashboardFeature
{
    /// <summary>The dashboard's service (the page itself is found by routing).</summary>
    public static WebApplicationBuilder AddDashboardFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DashboardService>();
        return builder;
    }
}
