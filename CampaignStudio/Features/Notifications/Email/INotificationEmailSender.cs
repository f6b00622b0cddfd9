namespace CampaignStudio.Features.Notifications.Email;

/// <summary>
/// How "also by email" notifications leave. The <see cref="CampaignNotifier"/> calls it once per person, after the
/// person's notification row is stored (so a notification raised again never emails twice; a crash between the two
/// loses that email rather than repeating it).
/// <para>
/// Until an SMTP server is configured, <see cref="OutboxNotificationEmailSender"/> records each email in the Outbox,
/// marked as not sent. The SMTP channel registers its own implementation after <c>AddNotificationsFeature()</c>
/// (the last registration wins); it should not throw for a refused address but log it, as one person's email must
/// not keep the others from theirs.
/// </para>
/// </summary>
public interface INotificationEmailSender
{
    Task SendAsync(NotificationEmail email, CancellationToken cancellationToken);
}
