using MimeKit;
using MimeKit.Cryptography;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// Turns a rendered <see cref="EmailMessage"/> into the MIME message that goes on the wire: addresses, a Message-ID that
/// carries the delivery (<see cref="CampaignMessageId"/>), text and HTML as <c>multipart/alternative</c> (each encoded
/// once, by <see cref="QuotedPrintableBody"/>), the
/// <c>List-Unsubscribe</c> headers (RFC 2369, one-click per RFC 8058) and, when configured, a DKIM signature.
/// </summary>
public sealed class EmailComposer
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";
    public const string OneClick = "List-Unsubscribe=One-Click";

    /// <summary>The headers the DKIM signature covers, when the message has them.</summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
        ["From", "To", "Reply-To", "Subject", "Date", "Message-ID", ListUnsubscribe, ListUnsubscribePost, "MIME-Version", "Content-Type"];

    private readonly DkimSigner? signer;
    private readonly TimeProvider clock;

    public EmailComposer(IOptions<SmtpOptions> options, TimeProvider clock)
    {
        var dkim = options.Value.Dkim;
        signer = dkim.IsConfigured ? DkimSignerFactory.Create(dkim) : null;
        this.clock = clock;
    }

    public bool Signs => signer is not null;

    /// <summary>The MIME message for <paramref name="email"/>; throws <see cref="UnsendableEmailException"/> when it cannot be one.</summary>
    public MimeMessage Compose(EmailMessage email)
    {
        if (!MailboxAddress.TryParse(email.Recipient.Trim(), out var recipient) || !recipient.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new UnsendableEmailException(SendOutcome.InvalidRecipient, $"'{email.Recipient}' is not a valid email address.");
        }

        if (!MailboxAddress.TryParse(email.FromAddress.Trim(), out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new UnsendableEmailException(SendOutcome.Permanent, $"The sender address '{email.FromAddress}' is not a valid email address.");
        }

        from.Name = OneLine(email.FromName);
        recipient.Name = string.IsNullOrWhiteSpace(email.RecipientName) ? null : OneLine(email.RecipientName);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(recipient);
        if (!string.IsNullOrWhiteSpace(email.ReplyTo))
        {
            if (!InternetAddressList.TryParse(email.ReplyTo, out var replyTo) || replyTo.Count == 0)
            {
                throw new UnsendableEmailException(SendOutcome.Permanent, $"The reply-to address '{email.ReplyTo}' is not a valid email address.");
            }

            message.ReplyTo.AddRange(replyTo);
        }

        message.Subject = OneLine(email.Subject);
        message.Date = clock.GetUtcNow();
        message.MessageId = CampaignMessageId.Create(email.DeliveryId, email.CampaignId, from.Address);
        message.Body = Body(email);
        AddListUnsubscribe(message, email);
        if (signer is not null)
        {
            // Fix the transfer encodings before signing, so the SMTP client has nothing left to re-encode.
            message.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(message, [.. SignedHeaders.Where(h => message.Headers.Contains(h) || message.Body.Headers.Contains(h))]);
        }

        return message;
    }

    private static MimeEntity Body(EmailMessage email)
    {
        var text = string.IsNullOrEmpty(email.Text) ? null : QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Plain, email.Text);
        var html = string.IsNullOrEmpty(email.Html) ? null : QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Html, email.Html);
        return (text, html) switch
        {
            (not null, not null) => new MultipartAlternative { text, html },
            (not null, null) => text,
            (null, not null) => html,
            _ => throw new UnsendableEmailException(SendOutcome.Permanent, "The message has neither an HTML nor a text body."),
        };
    }

    /// <summary>
    /// <c>List-Unsubscribe: &lt;https…&gt;, &lt;mailto:…&gt;</c>, and <c>List-Unsubscribe-Post</c> only with an https
    /// address: one-click unsubscribe (RFC 8058) is a POST to that address.
    /// </summary>
    private static void AddListUnsubscribe(MimeMessage message, EmailMessage email)
    {
        var url = string.IsNullOrWhiteSpace(email.UnsubscribeUrl) ? null : email.UnsubscribeUrl.Trim();
        var mailto = string.IsNullOrWhiteSpace(email.UnsubscribeMailto) ? null : email.UnsubscribeMailto.Trim();
        if (mailto is not null && !mailto.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            mailto = "mailto:" + mailto;
        }

        var addresses = new[] { url, mailto }.Where(a => a is not null && !a.Any(c => c is '<' or '>' or '\r' or '\n' or ' ')).Select(a => $"<{a}>").ToList();
        if (addresses.Count == 0)
        {
            return;
        }

        message.Headers.Add(ListUnsubscribe, string.Join(", ", addresses));
        if (url is not null && addresses[0] == $"<{url}>" && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            message.Headers.Add(ListUnsubscribePost, OneClick);
        }
    }

    private static string OneLine(string value) => value.ReplaceLineEndings(" ").Trim();
}
