using System.Collections.Concurrent;
using System.Net.Sockets;
using CampaignStudio.Features.Delivery.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CampaignStudio.Benchmarks.Email;

/// <summary>
/// The raw limit: a bare MailKit loop, one task per persistent connection, each building a plain MimeMessage (same
/// parts, no list headers, no pool, no result mapping) and sending it. What SMTP itself allows on this machine.
/// </summary>
internal static class RawMailKitSender
{
    public static async Task<int> SendAsync(string host, int port, int connections, int messages, int htmlBytes, long firstId)
    {
        var next = firstId - 1;
        var last = firstId + messages - 1;
        var failures = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var client = new SmtpClient();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(host, port);
            await client.ConnectAsync(socket, host, port, SecureSocketOptions.None);
            while (Interlocked.Increment(ref next) is var id && id <= last)
            {
                var email = PersonalisedEmails.Create(id, htmlBytes);
                try
                {
                    // Disposed once sent, as the app does: a MimeMessage and its parts have finalizers.
                    using var message = ToMime(email);
                    await client.SendAsync(message);
                }
                catch (SmtpCommandException ex)
                {
                    failures.Add(ex.Message);
                }
            }

            await client.DisconnectAsync(quit: true);
        })));
        return messages - failures.Count;
    }

    private static MimeMessage ToMime(EmailMessage email)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.FromName, email.FromAddress));
        message.To.Add(new MailboxAddress(email.RecipientName, email.Recipient));
        message.Subject = email.Subject;
        message.Body = new MultipartAlternative
        {
            new TextPart(MimeKit.Text.TextFormat.Plain) { Text = email.Text ?? "" },
            new TextPart(MimeKit.Text.TextFormat.Html) { Text = email.Html ?? "" },
        };
        return message;
    }
}
