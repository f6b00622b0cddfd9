using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Campaigns.Preview;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CampaignStudio.Features.Campaigns.Pages;

public static class CampaignPagesFeature
{
    /// <summary>What the history and details pages need beyond the campaign service: the preview and the metrics source.</summary>
    public static WebApplicationBuilder AddCampaignPages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CampaignPreviewRenderer>();
        services.AddScoped<PersonalizationSource>();
        // The metrics source is tracking's (AddTrackingFeature); NoCampaignMetrics stays for hosts without tracking.
        services.TryAddSingleton<ICampaignMetrics, NoCampaignMetrics>();
        return builder;
    }
}
