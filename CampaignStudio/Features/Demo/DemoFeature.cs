namespace CampaignStudio.Features.Demo;

public static class DemoFeature
{
    public static WebApplicationBuilder AddDemoFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<IDemoDataContributor, DemoTeamContributor>();
        return builder;
    }
}
