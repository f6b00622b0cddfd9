using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Progress;

public static class DeliveryProgressFeature
{
    /// <summary>
    /// Live progress: the hub pages subscribe to, the service that reads a campaign's progress, and — when
    /// <c>Campaigns:Delivery:Redis</c> is set — the relay that shares changes with the other instances.
    /// </summary>
    public static WebApplicationBuilder AddDeliveryProgress(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DeliveryProgressHub>();
        services.AddSingleton<IDeliveryProgress>(sp => sp.GetRequiredService<DeliveryProgressHub>());
        services.AddSingleton<CampaignProgressService>();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, RedisOptionsValidator>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{DeliveryOptions.SectionName}:{nameof(DeliveryOptions.Redis)}"]))
        {
            services.AddSingleton<RedisDeliveryProgressRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisDeliveryProgressRelay>());
        }

        return builder;
    }
}
