namespace CampaignStudio.Features.Campaigns;

public static class CampaignsFeature
{
    /// <summary>Campaigns, their senders and fields. The content check is registered here: replace it to check more.</summary>
    public static WebApplicationBuilder AddCampaignsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ICampaignContentValidator, RequiredContentValidator>();
        services.AddScoped<CampaignService>();
        services.AddScoped<EmailSenderService>();
        services.AddScoped<CampaignFieldService>();
        return builder;
    }
}
