using CampaignStudio.Data;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using CampaignStudio.Features.Delivery.Channels.Push;
using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using Coravel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
        builder.AddDeliveryProgress();
        services.AddSingleton<IDeliveryReports, DeliveryReports>();

        // The engine: scanner, runner, ledger and workers; one instance of each per process.
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<DeliveryWakeup>();
        services.AddSingleton<SendThrottle>();
        services.AddSingleton<ChannelWarmUp>();
        services.AddSingleton<InFlightGate>();
        services.AddSingleton<ErrorRateMonitor>();
        services.AddSingleton<SendPlanCache>();
        services.AddSingleton<RecipientLoader>();
        services.AddSingleton<AudienceMaterializer>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<DeliveryBatchSender>();
        services.AddSingleton<DeliveryLinkSigner>();
        services.AddSingleton<UnsubscribeService>();
        services.AddSingleton<Replies.InboundReplyService>();
        services.AddTransient<DueCampaignScanner>();
        services.AddScheduler();
        services.AddHostedService<DeliveryWorkers>();
        return builder;
    }

    /// <summary>Starts the scanner for due campaigns (unless sending is disabled in this instance).</summary>
    public static WebApplication UseDeliveryEngine(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        if (options.Enabled)
        {
            app.Services.UseScheduler(scheduler => scheduler
                .Schedule<DueCampaignScanner>()
                .EverySeconds(options.ScanIntervalSeconds)
                .PreventOverlapping(nameof(DueCampaignScanner)));
        }

        return app;
    }

    /// <summary>The unsubscribe link and provider callbacks (Twilio's status reports).</summary>
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapUnsubscribe();
        endpoints.MapTwilioCallbacks();
        return endpoints;
    }
}
