namespace CampaignStudio.Features.Delivery.Progress;

public static class DeliveryProgressFeature
{
    /// <summary>Live progress: the hub pages subscribe to, and the service that reads a campaign's progress.</summary>
    public static WebApplicationBuilder AddDeliveryProgress(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DeliveryProgressHub>();
        services.AddSingleton<IDeliveryProgress>(sp => sp.GetRequiredService<DeliveryProgressHub>());
        services.AddSingleton<CampaignProgressService>();
        return builder;
    }
}
