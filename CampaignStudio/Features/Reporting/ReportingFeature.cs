namespace CampaignStudio.Features.Reporting;

public static class ReportingFeature
{
    /// <summary>Reports and the figures the details page shows (the pages are found by routing).</summary>
    public static WebApplicationBuilder AddReportingFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReportService>();
        return builder;
    }
}
