using System.Globalization;
using System.Text;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>
/// The campaign's HTML: the same newsletter as the email benchmark's messages (greeting, a table of offers with prices
/// and links, footer with the unsubscribe link), as a template personalised per contact by the engine.
/// </summary>
internal static class Template
{
    private static readonly string[] Products = ["OPC 53 cement", "PPC cement", "TMT bars Fe500D", "Fly-ash bricks", "Ready-mix M25", "Waterproofing compound", "Wall putty", "Tile adhesive"];

    public static string Html(int targetBytes)
    {
        var html = new StringBuilder(targetBytes + 2048);
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Festive offers</title></head><body style=\"margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff\">")
            .Append("<tr><td style=\"padding:24px;font-size:18px;color:#222\">Hello {{ contact.first_name }} {{ contact.last_name }},</td></tr>")
            .Append("<tr><td style=\"padding:0 24px 16px;font-size:14px;color:#444\">Festive prices for our dealers in {{ contact.city }}, valid until Sunday. Your account manager will call you this week.</td></tr>");
        for (var row = 0; html.Length < targetBytes - 600; row++)
        {
            var product = Products[row % Products.Length];
            var price = 250 + ((row * 37) % 900);
            html.Append("<tr><td style=\"padding:8px 24px;border-top:1px solid #eeeeee\"><table role=\"presentation\" width=\"100%\"><tr>")
                .Append(CultureInfo.InvariantCulture, $"<td style=\"font-size:14px;color:#222\"><strong>{product}</strong><br><span style=\"color:#777\">Lot {row + 1} for {{{{ contact.city }}}}, delivered within 48 hours</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td align=\"right\" style=\"font-size:16px;color:#0a7d32;white-space:nowrap\">₹{price}/unit</td>")
                .Append(CultureInfo.InvariantCulture, $"<td align=\"right\"><a href=\"https://shop.acme.example/order/{row}\" style=\"background:#0a58ca;color:#fff;padding:6px 12px;text-decoration:none;border-radius:4px\">Order</a></td></tr></table></td></tr>");
        }

        html.Append("<tr><td style=\"padding:16px 24px;font-size:11px;color:#999\">You receive this as a dealer of Acme Building Supplies. <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></td></tr>")
            .Append("</table></td></tr></table></body></html>");
        return html.ToString();
    }
}
