using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Derives the plain-text part of an email from its HTML: headings, paragraphs and blocks become lines (a blank line
/// between paragraphs), <c>&lt;br&gt;</c> a line break, list items <c>- item</c>, links <c>text (url)</c>; head, style
/// and script are skipped, entities decoded, whitespace collapsed; lines are not wrapped. Liquid is kept as written,
/// so the text is personalised like the HTML.
/// </summary>
public static partial class PlainTextGenerator
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "style", "script", "title", "noscript", "template", "meta", "link", "iframe", "object", "svg", "select", "button",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "hr", "figure",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "tr", "li", "section", "article", "header", "footer", "main", "nav", "aside", "center", "address", "dt", "dd",
        "caption", "figcaption", "tbody", "thead", "tfoot", "form", "fieldset", "details", "summary",
    };

    /// <summary>The readable text of <paramref name="html"/>.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var shield = LiquidHtmlShield.Protect(html);
        var document = new HtmlParser().ParseDocument(shield.Html);
        var writer = new Writer(shield);
        writer.Children(document.Body ?? (INode)document);
        return shield.Restore(writer.Result());
    }

    [GeneratedRegex(@"[ \t\r\n\f\u00A0]+")]
    internal static partial Regex Whitespace();

    [GeneratedRegex(@"[\u00AD\u034F\u200B-\u200D\u2060\uFEFF]")]
    internal static partial Regex Invisible();

    private sealed class Writer(LiquidHtmlShield shield)
    {
        private readonly StringBuilder text = new();
        private int pendingBreaks;
        private bool pendingSpace;
        private int listDepth;

        public string Result()
        {
            var lines = text.ToString().Split('\n').Select(l => l.TrimEnd());
            var joined = string.Join('\n', lines);
            return Regex.Replace(joined, @"\n{3,}", "\n\n").Trim('\n', ' ');
        }

        public void Children(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                Node(child);
            }
        }

        private void Node(INode node)
        {
            switch (node)
            {
                case IText textNode:
                    Write(textNode.Data, preserve: textNode.ParentElement?.Closest("pre") is not null);
                    break;
                case IComment comment when shield.TryGetCommentLiquid(comment.Data, out var liquid):
                    Write(liquid, preserve: true);
                    break;
                case IElement element:
                    Element(element);
                    break;
            }
        }

        private void Element(IElement element)
        {
            var name = element.LocalName;
            if (Skipped.Contains(name))
            {
                return;
            }

            switch (name)
            {
                case "br":
                    text.Append('\n');
                    pendingSpace = false;
                    pendingBreaks = 0;
                    return;
                case "a":
                    Link(element);
                    return;
                case "li":
                    Break(1);
                    Write(new string(' ', Math.Max(0, listDepth - 1) * 2) + "- ", preserve: true);
                    pendingSpace = false;
                    Children(element);
                    Break(1);
                    return;
                case "ul" or "ol":
                    Break(listDepth == 0 ? 2 : 1);
                    listDepth++;
                    Children(element);
                    listDepth--;
                    Break(listDepth == 0 ? 2 : 1);
                    return;
                case "td" or "th":
                    pendingSpace = true;
                    Children(element);
                    pendingSpace = true;
                    return;
            }

            var breaks = Paragraphs.Contains(name) ? 2 : Lines.Contains(name) ? 1 : 0;
            Break(breaks);
            Children(element);
            Break(breaks);
        }

        private void Link(IElement link)
        {
            var inner = new Writer(shield);
            inner.Children(link);
            var label = Whitespace().Replace(inner.Result(), " ").Trim();
            if (label.Length == 0)
            {
                label = link.QuerySelector("img[alt]")?.GetAttribute("alt")?.Trim() ?? string.Empty;
            }

            var href = shield.Restore(link.GetAttribute("href")?.Trim() ?? string.Empty);
            var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
            if (href.Length == 0 || href.StartsWith('#') || string.Equals(shield.Restore(label), shown, StringComparison.OrdinalIgnoreCase))
            {
                Write(label, preserve: false);
            }
            else if (label.Length == 0)
            {
                Write(shown, preserve: true);
            }
            else
            {
                Write(label + " (" + shown + ")", preserve: true);
            }
        }

        private void Break(int count)
        {
            if (count > 0 && text.Length > 0)
            {
                pendingBreaks = Math.Max(pendingBreaks, count);
                pendingSpace = false;
            }
        }

        private void Write(string value, bool preserve)
        {
            value = Invisible().Replace(value, string.Empty);
            if (!preserve)
            {
                if (value.Length > 0 && char.IsWhiteSpace(value[0]) || value.StartsWith('\u00A0'))
                {
                    pendingSpace = true;
                }

                var trimmedEnd = value.Length > 0 && (char.IsWhiteSpace(value[^1]) || value[^1] == '\u00A0');
                value = Whitespace().Replace(value, " ").Trim();
                if (value.Length == 0)
                {
                    return;
                }

                Emit(value);
                pendingSpace = trimmedEnd;
                return;
            }

            if (value.Length > 0)
            {
                Emit(value);
            }
        }

        private void Emit(string value)
        {
            if (pendingBreaks > 0)
            {
                TrimTrailingSpaces();
                text.Append('\n', pendingBreaks - (text.Length > 0 && text[^1] == '\n' ? 1 : 0));
                pendingBreaks = 0;
                pendingSpace = false;
            }
            else if (pendingSpace && text.Length > 0 && text[^1] is not (' ' or '\n'))
            {
                text.Append(' ');
            }

            pendingSpace = false;
            text.Append(value);
        }

        private void TrimTrailingSpaces()
        {
            while (text.Length > 0 && text[^1] == ' ')
            {
                text.Length--;
            }
        }
    }
}
