using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Lists the links of an email body and tells whether it lets the recipient unsubscribe.</summary>
public static partial class EmailLinkInspector
{
    /// <summary>The links of <paramref name="html"/> and whether an unsubscribe (or preferences) link is present.</summary>
    public static EmailLinkReport Inspect(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new EmailLinkReport([], false);
        }

        var shield = LiquidHtmlShield.Protect(html);
        var document = new HtmlParser().ParseDocument(shield.Html);
        var links = document.QuerySelectorAll("a")
            .Select(a => new EmailLink(shield.Restore(a.GetAttribute("href")?.Trim() ?? string.Empty), LinkText(a, shield)))
            .ToList();
        var hasUnsubscribe = links.Any(l => l.IsUnsubscribe) || ContainsUnsubscribePlaceholder(PlainTextGenerator.FromHtml(html));
        return new EmailLinkReport(links, hasUnsubscribe);
    }

    /// <summary>True when <paramref name="text"/> contains <c>{{ unsubscribe_url }}</c> or <c>{{ preferences_url }}</c> (any spacing, trim markers or filters).</summary>
    public static bool ContainsUnsubscribePlaceholder(string? text) => text is not null && UnsubscribePlaceholder().IsMatch(text);

    private static string LinkText(IElement link, LiquidHtmlShield shield)
    {
        var parts = new List<string>();
        Collect(link, parts, shield);
        var text = PlainTextGenerator.Whitespace().Replace(string.Concat(parts), " ").Trim();
        return text.Length > 0 ? text : link.QuerySelector("img[alt]")?.GetAttribute("alt")?.Trim() ?? string.Empty;
    }

    private static void Collect(INode node, List<string> parts, LiquidHtmlShield shield)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    parts.Add(PlainTextGenerator.Invisible().Replace(text.Data, string.Empty));
                    break;
                case IComment comment when shield.TryGetCommentLiquid(comment.Data, out var liquid):
                    parts.Add(liquid);
                    break;
                case IElement { LocalName: "br" }:
                    parts.Add(" ");
                    break;
                case IElement element when element.LocalName is not ("style" or "script"):
                    Collect(element, parts, shield);
                    break;
            }
        }
    }

    [GeneratedRegex(@"\{\{-?\s*(?:unsubscribe_url|preferences_url)\s*(?:\|[^}]*)?-?\}\}")]
    private static partial Regex UnsubscribePlaceholder();
}
