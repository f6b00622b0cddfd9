using System.Globalization;
using System.Text;
using CampaignStudio.Features.Delivery.Channels;

namespace CampaignStudio.Benchmarks.Email;

/// <summary>
/// Rendered campaign emails as the engine would hand them to the channel: a ~20 KB HTML newsletter (greeting, a table of
/// offers with prices and tracked links, footer) and its text part, different for every recipient.
/// </summary>
internal static class PersonalisedEmails
{
    private static readonly string[] FirstNames = ["Asha", "Bharat", "Chitra", "Deepak", "Esha", "Farhan", "Gauri", "Harish", "Isha", "Jatin"];
    private static readonly string[] LastNames = ["Patil", "Sharma", "Iyer", "Khan", "Reddy", "Nair", "Gupta", "Joshi", "Mehta", "Das"];
    private static readonly string[] Cities = ["Pune", "Mumbai", "Nagpur", "Nashik", "Bengaluru", "Chennai", "Kolkata", "Jaipur", "Surat", "Indore"];
    private static readonly string[] Products = ["OPC 53 cement", "PPC cement", "TMT bars Fe500D", "Fly-ash bricks", "Ready-mix M25", "Waterproofing compound", "Wall putty", "Tile adhesive"];

    public static EmailMessage Create(long deliveryId, int targetHtmlBytes)
    {
        var i = (int)(deliveryId % 1_000_003);
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[(i / 10) % LastNames.Length];
        var city = Cities[(i / 100) % Cities.Length];
        var token = Convert.ToHexStringLower(BitConverter.GetBytes(deliveryId * 2_654_435_761L));
        var html = new StringBuilder(targetHtmlBytes + 2048);
        var text = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Festive offers</title></head><body style=\"margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff\">")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:24px;font-size:18px;color:#222\">Hello {first} {last},</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:0 24px 16px;font-size:14px;color:#444\">Festive prices for our dealers in {city}, valid until Sunday. Your account manager will call you this week.</td></tr>");
        text.Append(CultureInfo.InvariantCulture, $"Hello {first} {last},\n\nFestive prices for our dealers in {city}, valid until Sunday.\n\n");
        for (var row = 0; html.Length < targetHtmlBytes - 600; row++)
        {
            var product = Products[(row + i) % Products.Length];
            var price = 250 + ((row * 37 + i) % 900);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:8px 24px;border-top:1px solid #eeeeee\"><table role=\"presentation\" width=\"100%\"><tr>")
                .Append(CultureInfo.InvariantCulture, $"<td style=\"font-size:14px;color:#222\"><strong>{product}</strong><br><span style=\"color:#777\">Lot {row + 1} for {city}, delivered within 48 hours</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td align=\"right\" style=\"font-size:16px;color:#0a7d32;white-space:nowrap\">₹{price}/unit</td>")
                .Append(CultureInfo.InvariantCulture, $"<td align=\"right\"><a href=\"https://crm.acme.example/t/c/{token}/{row}\" style=\"background:#0a58ca;color:#fff;padding:6px 12px;text-decoration:none;border-radius:4px\">Order</a></td></tr></table></td></tr>");
            text.Append(CultureInfo.InvariantCulture, $"- {product}: ₹{price}/unit  https://crm.acme.example/t/c/{token}/{row}\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:16px 24px;font-size:11px;color:#999\">You receive this as a dealer of Acme Building Supplies. <a href=\"https://crm.acme.example/u/{token}\">Unsubscribe</a></td></tr>")
            .Append(CultureInfo.InvariantCulture, $"</table><img src=\"https://crm.acme.example/t/o/{token}.gif\" width=\"1\" height=\"1\" alt=\"\"></td></tr></table></body></html>");
        text.Append(CultureInfo.InvariantCulture, $"\nUnsubscribe: https://crm.acme.example/u/{token}\n");
        return new EmailMessage(deliveryId, 1, $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{deliveryId}@dealers.example")
        {
            FromName = "Acme Offers",
            FromAddress = "offers@acme.example",
            ReplyTo = "sales@acme.example",
            Subject = $"{first}, festive prices for {city} until Sunday",
            Html = html.ToString(),
            Text = text.ToString(),
            RecipientName = $"{first} {last}",
            UnsubscribeUrl = $"https://crm.acme.example/u/{token}",
            UnsubscribeMailto = $"mailto:unsubscribe@acme.example?subject={token}",
        };
    }
}
