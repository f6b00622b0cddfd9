using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using Ganss.Xss;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Makes email HTML safe to store and send while keeping what email layouts need: tables and their presentational
/// attributes, inline styles and <c>&lt;style&gt;</c> blocks (with <c>@media</c>), images from <c>http(s)</c>,
/// <c>cid:</c> or <c>/media/...</c>, and links to <c>http(s)</c>, <c>mailto:</c>, <c>tel:</c>, <c>#anchors</c> or a
/// Liquid placeholder such as <c>{{ unsubscribe_url }}</c>. Scripts, event handlers, iframes, forms, embedded objects
/// and <c>javascript:</c> URLs go. Liquid (<c>{{ ... }}</c>, <c>{% ... %}</c>) in text and attributes comes out exactly
/// as written. A whole document (doctype or <c>&lt;html&gt;</c>) stays a whole document; a fragment stays a fragment.
/// </summary>
public static partial class EmailHtmlSanitizer
{
    private static readonly string[] RemovedTags =
    [
        "form", "input", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "datalist",
        "keygen", "output", "menu", "menuitem", "progress", "meter",
    ];

    private static readonly string[] RemovedAttributes =
    [
        "action", "method", "enctype", "accept", "accept-charset", "autocomplete", "novalidate", "formaction", "contenteditable",
        "draggable", "dropzone", "accesskey", "tabindex", "autosave", "challenge", "keytype", "pattern", "placeholder",
        "required", "readonly", "checked", "selected", "disabled", "multiple", "list", "step", "min", "max", "maxlength",
    ];

    private static readonly string[] AddedAttributes =
        ["class", "id", "role", "background", "face", "content", "http-equiv", "aria-label", "aria-hidden", "aria-labelledby"];

    /// <summary><c>http-equiv</c> values a <c>&lt;meta&gt;</c> may keep; <c>refresh</c> and the like go.</summary>
    private static readonly HashSet<string> SafeHttpEquiv = new(StringComparer.OrdinalIgnoreCase) { "content-type", "x-ua-compatible" };

    private static readonly HashSet<string> ImageElements = new(StringComparer.OrdinalIgnoreCase) { "img", "table", "td", "th", "tr", "body", "tbody", "thead", "tfoot" };

    /// <summary>The safe HTML.</summary>
    public static string Sanitize(string? html) => SanitizeWithReport(html).Html;

    /// <summary>The safe HTML and a list of what was removed.</summary>
    public static SanitizedEmailHtml SanitizeWithReport(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new SanitizedEmailHtml(html ?? string.Empty, []);
        }

        var shield = LiquidHtmlShield.Protect(html);
        var removed = new List<string>();
        var sanitizer = Create(shield, removed);
        var output = IsDocument(html) ? sanitizer.SanitizeDocument(shield.Html) : sanitizer.Sanitize(shield.Html);
        return new SanitizedEmailHtml(shield.Restore(output), removed.Distinct(StringComparer.Ordinal).ToList());
    }

    private static HtmlSanitizer Create(LiquidHtmlShield shield, List<string> removed)
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in RemovedTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedTags.Add("style");
        sanitizer.AllowedTags.Add("title");
        sanitizer.AllowedTags.Add("meta");
        foreach (var attribute in RemovedAttributes)
        {
            sanitizer.AllowedAttributes.Remove(attribute);
        }

        foreach (var attribute in AddedAttributes)
        {
            sanitizer.AllowedAttributes.Add(attribute);
        }

        sanitizer.UriAttributes.Add("background");
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto", "tel", "cid" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowedAtRules.Add(CssRuleType.Media);
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = FilterUrl(e.Tag, e.OriginalUrl, e.SanitizedUrl, shield);
        sanitizer.RemovingComment += (_, e) =>
        {
            if (shield.TryGetCommentLiquid(e.Comment.Data, out var _))
            {
                e.Cancel = true;
            }
        };
        sanitizer.RemovingTag += (_, e) => removed.Add("<" + e.Tag.LocalName + ">");
        sanitizer.RemovingAttribute += (_, e) => removed.Add(e.Reason == RemoveReason.NotAllowedUrlValue
            ? $"{e.Attribute.Name}=\"{Shorten(shield.Restore(e.Attribute.Value))}\""
            : e.Attribute.Name + " attribute");
        sanitizer.RemovingStyle += (_, e) => removed.Add("style " + e.Style.Name);
        sanitizer.RemovingAtRule += (_, e) => removed.Add("@" + e.Rule.Type.ToString().ToLowerInvariant() + " rule");
        sanitizer.PostProcessDom += (_, e) => Tidy(e.Document, removed);
        return sanitizer;
    }

    /// <summary>
    /// The URL policy per kind of attribute. A URL that starts with Liquid is kept as written: its value is only known
    /// when the message is rendered (the unsubscribe link, a tracked link).
    /// </summary>
    private static string? FilterUrl(IElement element, string original, string? sanitized, LiquidHtmlShield shield)
    {
        var trimmed = original.Trim();
        var restored = shield.Restore(trimmed);
        if (restored.StartsWith("{{", StringComparison.Ordinal) || restored.StartsWith("{%", StringComparison.Ordinal))
        {
            return trimmed;
        }

        if (sanitized is null)
        {
            return null;
        }

        var scheme = SchemeOf(trimmed);
        if (ImageElements.Contains(element.LocalName))
        {
            return scheme is "http" or "https" or "cid" || (scheme is null && trimmed.StartsWith("/media/", StringComparison.Ordinal))
                ? sanitized
                : null;
        }

        return scheme is "http" or "https" or "mailto" or "tel" || (scheme is null && trimmed.StartsWith('#'))
            ? sanitized
            : null;
    }

    private static string? SchemeOf(string url)
    {
        var match = Scheme().Match(url);
        return match.Success ? match.Groups["scheme"].Value.ToLowerInvariant() : null;
    }

    /// <summary>
    /// Undoes what the CSS parser does that email clients dislike: it writes colours as <c>rgba(r, g, b, 1)</c>, which
    /// Outlook ignores (opaque ones go back to <c>#rrggbb</c>), and expands shorthands such as <c>font</c> into
    /// longhands some of which are empty (dropped). Also drops a <c>&lt;meta http-equiv&gt;</c> other than content type.
    /// </summary>
    private static void Tidy(AngleSharp.Html.Dom.IHtmlDocument document, List<string> removed)
    {
        foreach (var element in document.All.ToList())
        {
            if (element.GetAttribute("style") is { } style)
            {
                var tidy = TidyCss(style).Trim().TrimEnd(';').Trim();
                if (tidy.Length == 0)
                {
                    element.RemoveAttribute("style");
                }
                else if (tidy != style)
                {
                    element.SetAttribute("style", tidy);
                }
            }

            if (element.LocalName == "style")
            {
                var css = element.TextContent;
                var tidy = TidyCss(css);
                if (tidy != css)
                {
                    element.TextContent = tidy;
                }
            }

            if (element.LocalName == "meta" && element.GetAttribute("http-equiv") is { } httpEquiv && !SafeHttpEquiv.Contains(httpEquiv.Trim()))
            {
                removed.Add($"<meta http-equiv=\"{httpEquiv}\">");
                element.Remove();
            }
        }
    }

    private static string TidyCss(string css)
    {
        css = OpaqueRgba().Replace(css, m => string.Create(CultureInfo.InvariantCulture, $"#{int.Parse(m.Groups["r"].ValueSpan):x2}{int.Parse(m.Groups["g"].ValueSpan):x2}{int.Parse(m.Groups["b"].ValueSpan):x2}"));
        css = EmptyDeclaration().Replace(css, string.Empty);
        return EmptyLastDeclaration().Replace(css, string.Empty);
    }

    private static bool IsDocument(string html) => DocumentStart().IsMatch(html);

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"rgba\(\s*(?<r>\d{1,3}),\s*(?<g>\d{1,3}),\s*(?<b>\d{1,3}),\s*1\s*\)")]
    private static partial Regex OpaqueRgba();

    [GeneratedRegex(@"(?<=^|[;{])\s*[-a-zA-Z]+\s*:\s*;")]
    private static partial Regex EmptyDeclaration();

    [GeneratedRegex(@";\s*[-a-zA-Z]+\s*:\s*(?=\}|$)")]
    private static partial Regex EmptyLastDeclaration();

    [GeneratedRegex(@"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype|html)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DocumentStart();
}
