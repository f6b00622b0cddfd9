using CampaignStudio.Data;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using CampaignStudio.Features.Delivery.Channels.Push;
using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery;

public static class DeliveryFeature
{
    /// <summary>
    /// The execution engine: the scanner that starts due campaigns, the ledger and its workers, and one channel per
    /// <see cref="Channel"/> — the provider's when configured, else the Outbox.
    /// </summary>
    public static WebApplicationBuilder AddDeliveryFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            services.AddSingleton<IChannel>(sp => new OutboxChannel(channel, sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), sp.GetRequiredService<TimeProvider>()));
        }

        builder.AddEmailChannel();
        builder.AddTwilioChannels();
        builder.AddPushChannel();
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<DeliveryProgressHub>();
        services.AddSingleton<IDeliveryProgress>(sp => sp.GetRequiredService<DeliveryProgressHub>());
        services.AddSingleton<IDeliveryReports, DeliveryReports>();
        return builder;
    }

    /// <summary>Provider callbacks (Twilio's status reports).</summary>
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTwilioCallbacks();
        return endpoints;
    }
}
