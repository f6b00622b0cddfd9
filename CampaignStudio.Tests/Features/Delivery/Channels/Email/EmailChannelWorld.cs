using System.Security.Cryptography;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>Builds the SMTP channel by hand (as the container would) and the messages the engine would give it.</summary>
public static class EmailChannelWorld
{
    public const string From = "offers@acme.example";

    public static EmailChannel NewChannel(SmtpOptions options, out SmtpConnectionPool pool, TimeProvider? clock = null)
    {
        var wrapped = Options.Create(options);
        pool = new SmtpConnectionPool(wrapped, NullLogger<SmtpConnectionPool>.Instance, clock ?? TimeProvider.System);
        return new EmailChannel(pool, new EmailComposer(wrapped, clock ?? TimeProvider.System), wrapped);
    }

    public static EmailMessage NewEmail(long deliveryId, string recipient = "asha@example.test", int campaignId = 7) => new(deliveryId, campaignId, recipient)
    {
        FromName = "Acme Offers",
        FromAddress = From,
        Subject = $"Festive prices, message {deliveryId}",
        Text = $"Hello Asha, message {deliveryId}.",
        Html = $"<p>Hello <b>Asha</b>, message {deliveryId}.</p>",
        RecipientName = "Asha Patil",
        UnsubscribeUrl = $"https://crm.acme.example/u/{deliveryId}?t=abc",
    };

    public static List<OutgoingMessage> NewEmails(int count, int firstId = 1) =>
        [.. Enumerable.Range(firstId, count).Select(i => (OutgoingMessage)NewEmail(i, $"contact{i}@example.test"))];

    /// <summary>A fresh RSA key for DKIM: the private PEM for the options and the DNS TXT record a verifier would look up.</summary>
    public static (string PrivateKeyPem, string DnsRecord) DkimKey(int bits = 2048)
    {
        using var rsa = RSA.Create(bits);
        return (rsa.ExportPkcs8PrivateKeyPem(), "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
    }
}
