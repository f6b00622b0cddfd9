using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Webhooks;

public static class WebhooksFeature
{
    /// <summary>
    /// Signed outbound webhooks: the publisher (a database outbox) that the campaign service, the engine and tracking
    /// call, the dispatcher that sends it (unless <c>Webhooks:Enabled</c> is false in this instance), and the admin
    /// service behind the settings pages.
    /// </summary>
    public static WebApplicationBuilder AddWebhooksFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookWakeup>();
        services.AddSingleton<IWebhookPublisher, WebhookPublisher>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookService>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        if (builder.Configuration.GetValue(WebhookOptions.SectionName + ":" + nameof(WebhookOptions.Enabled), true))
        {
            services.AddHostedService<WebhookDispatcherService>();
        }

        return builder;
    }
}
