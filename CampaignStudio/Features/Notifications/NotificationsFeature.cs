using CampaignStudio.Features.Notifications.Email;
using CampaignStudio.Features.Notifications.Upcoming;
using CampaignStudio.Features.Delivery.Channels.Email;
using Coravel;
using Coravel.Scheduling.Schedule.Interfaces;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Notifications;

public static class NotificationsFeature
{
    /// <summary>
    /// The notification centre: the <see cref="ICampaignNotifier"/> the sending engine calls, the hub that pushes into
    /// open pages, the service behind the bell and the notifications page, the "starting soon" scan, and the email seam
    /// (over SMTP when <c>Channels:Smtp:Host</c> is set, else recorded in the Outbox as not sent).
    /// </summary>
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>().Bind(builder.Configuration.GetSection(NotificationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationHub>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{SmtpOptions.SectionName}:{nameof(SmtpOptions.Host)}"]))
        {
            services.AddSingleton<INotificationEmailSender, OutboxNotificationEmailSender>();
        }
        else
        {
            // The SMTP channel's own pool (registered by the email channel) carries notification emails too.
            services.AddSingleton<INotificationEmailSender, SmtpNotificationEmailSender>();
        }

        services.AddSingleton<NotificationEmailer>();
        services.AddTransient<NotificationEmailRetryJob>();
        services.AddSingleton<CampaignNotifier>();
        services.AddSingleton<ICampaignNotifier>(sp => sp.GetRequiredService<CampaignNotifier>());
        services.AddScoped<NotificationService>();
        services.AddTransient<UpcomingCampaignAnnouncer>();
        if (!services.Any(d => d.ServiceType == typeof(IScheduler)))
        {
            services.AddScheduler();
        }

        return builder;
    }

    /// <summary>Starts the scan that tells people of campaigns about to start (every instance may run it: keys make it once).</summary>
    public static WebApplication UseNotifications(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        app.Services.UseScheduler(scheduler =>
        {
            if (options.UpcomingEnabled)
            {
                scheduler.Schedule<UpcomingCampaignAnnouncer>()
                    .EverySeconds(options.ScanIntervalSeconds)
                    .PreventOverlapping(nameof(UpcomingCampaignAnnouncer));
            }

            scheduler.Schedule<NotificationEmailRetryJob>()
                .EverySeconds(options.ScanIntervalSeconds)
                .PreventOverlapping(nameof(NotificationEmailRetryJob));
        });

        return app;
    }
}
