using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Notifications.Email;

/// <summary>
/// The default <see cref="INotificationEmailSender"/>: no SMTP server is configured, so the email is recorded in the
/// Outbox as a real (not test) message that was not sent, where people can see what would have gone out.
/// </summary>
public sealed class OutboxNotificationEmailSender(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : INotificationEmailSender
{
    public const string NotSentStatus = "Not sent: no SMTP server is configured for notification emails";

    /// <summary>Who the Outbox says created these messages.</summary>
    public static readonly Actor Sender = new("system", "CampaignStudio notifications");

    public async Task SendAsync(NotificationEmail email, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.OutboxMessages.Add(new OutboxMessage(
            email.CampaignId,
            Channel.Email,
            email.To,
            email.Subject,
            email.HtmlBody,
            email.TextBody,
            isTest: false,
            Sender,
            clock.GetUtcNow().UtcDateTime,
            NotSentStatus));
        await db.SaveChangesAsync(cancellationToken);
    }
}
