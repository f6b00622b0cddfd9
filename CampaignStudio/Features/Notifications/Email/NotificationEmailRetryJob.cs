using Coravel.Invocable;

namespace CampaignStudio.Features.Notifications.Email;

/// <summary>The scheduled job that (re)sends the notification emails whose time has come (see <see cref="NotificationEmailer"/>).</summary>
public sealed partial class NotificationEmailRetryJob(NotificationEmailer emailer, ILogger<NotificationEmailRetryJob> logger) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        try
        {
            await emailer.RetryDueAsync(CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRetryFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The retry of notification emails failed; it runs again at the next interval.")]
    private partial void LogRetryFailed(Exception exception);
}
