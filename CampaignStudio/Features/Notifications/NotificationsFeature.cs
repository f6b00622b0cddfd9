namespace CampaignStudio.Features.Notifications;

public static class NotificationsFeature
{
    /// <summary>
    /// The notification centre: the <see cref="ICampaignNotifier"/> the sending engine calls, the hub that pushes into
    /// open pages, the service behind the bell and the notifications page, and the email seam (the Outbox until an SMTP
    /// sender registers its own <see cref="INotificationEmailSender"/> after this call).
    /// </summary>
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<NotificationHub>();
        services.AddSingleton<INotificationEmailSender, OutboxNotificationEmailSender>();
        services.AddSingleton<CampaignNotifier>();
        services.AddSingleton<ICampaignNotifier>(sp => sp.GetRequiredService<CampaignNotifier>());
        services.AddScoped<NotificationService>();
        return builder;
    }
}
