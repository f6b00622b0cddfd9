namespace CampaignStudio.Features.Notifications;

/// <summary>
/// The notifier used when no notification centre is registered: it writes each notification to the log, so the
/// sending engine runs (and people can still read what happened) without one. A registered
/// <see cref="ICampaignNotifier"/> takes its place.
/// </summary>
public sealed partial class LoggingCampaignNotifier(ILogger<LoggingCampaignNotifier> logger) : ICampaignNotifier
{
    public Task NotifyAsync(CampaignNotification notification, CancellationToken cancellationToken)
    {
        LogNotification(notification.Kind, notification.CampaignId, notification.Title, notification.Message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} (campaign {CampaignId}): {Title}. {Message}")]
    private partial void LogNotification(NotificationKind kind, int campaignId, string title, string message);
}
