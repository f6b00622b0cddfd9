namespace CampaignStudio.Features.Audience.Segments;

public static class SegmentsFeature
{
    public static WebApplicationBuilder AddSegmentsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SegmentValidator>();
        builder.Services.AddSingleton<SegmentQueryCompiler>();
        builder.Services.AddScoped<SegmentService>();
        return builder;
    }
}
