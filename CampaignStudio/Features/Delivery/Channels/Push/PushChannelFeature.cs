using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Push;

public static class PushChannelFeature
{
    /// <summary>Push through FCM HTTP v1, registered only when <c>Channels:Fcm</c> is configured; otherwise push goes to the Outbox.</summary>
    public static WebApplicationBuilder AddPushChannel(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(FcmOptions.SectionName);
        services.AddOptions<FcmOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FcmOptions>, FcmOptionsValidator>();
        if (!(section.Get<FcmOptions>() ?? new FcmOptions()).IsConfigured)
        {
            return builder;
        }

        services.AddSingleton<FcmAccessTokens>();
        services.AddHttpClient<FcmClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            // The channel is a singleton that keeps its client; the pooled connections' lifetime keeps DNS fresh instead.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IChannel, PushChannel>();
        return builder;
    }
}
