using System.Security.Cryptography;
using System.Text;
using CampaignStudio.Features.Delivery.Channels.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CampaignStudio.Features.Notifications.Email;

/// <summary>
/// Notification emails over the configured SMTP server, on the email channel's pooled sessions. A refusal or a dead
/// server throws, so <see cref="NotificationEmailer"/> records it and tries again later. The Message-ID is derived from
/// the notification's key and person, so a retry of a message the server did take is recognisable as the same one.
/// </summary>
public sealed class SmtpNotificationEmailSender(SmtpConnectionPool pool, IOptions<NotificationOptions> options) : INotificationEmailSender
{
    public async Task SendAsync(NotificationEmail email, CancellationToken cancellationToken)
    {
        var from = options.Value.EmailFrom;
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress("CampaignStudio", from));
        message.To.Add(new MailboxAddress(email.RecipientName, email.To));
        message.Subject = email.Subject;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.UserId + "\n" + email.Key)))[..32];
        message.MessageId = $"notification.{hash}@{from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..]}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        var connection = await pool.RentAsync(cancellationToken);
        var broken = true;
        try
        {
            await connection.SendAsync(message, cancellationToken);
            broken = false;
        }
        catch (MailKit.Net.Smtp.SmtpCommandException)
        {
            // Refused by the server: the session itself is still fine.
            broken = !connection.IsConnected;
            throw;
        }
        finally
        {
            await pool.ReturnAsync(connection, broken);
        }
    }
}
