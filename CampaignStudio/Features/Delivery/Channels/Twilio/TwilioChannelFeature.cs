using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

public static class TwilioChannelFeature
{
    /// <summary>SMS and WhatsApp through Twilio, registered only when <c>Channels:Twilio</c> is configured; otherwise they go to the Outbox.</summary>
    public static WebApplicationBuilder AddTwilioChannels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TwilioOptions.SectionName);
        services.AddOptions<TwilioOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();

        var configured = section.Get<TwilioOptions>() ?? new TwilioOptions();
        if (!configured.SendsSms && !configured.SendsWhatsApp)
        {
            return builder;
        }

        services.AddHttpClient<TwilioClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            // The channels are singletons that keep their client; the pooled connections' lifetime keeps DNS fresh instead.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        if (configured.SendsSms)
        {
            services.AddSingleton<IChannel, SmsChannel>();
        }

        if (configured.SendsWhatsApp)
        {
            services.AddSingleton<IChannel, WhatsAppChannel>();
        }

        return builder;
    }

    /// <summary>Twilio's status callback and inbound messages (anonymous: the request signature is their proof).</summary>
    public static IEndpointRouteBuilder MapTwilioCallbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TwilioStatusCallback.Path, TwilioStatusCallback.HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        endpoints.MapPost(TwilioInboundWebhook.Path, TwilioInboundWebhook.HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }
}
