using System.Net;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Makes an email's HTML template safe once per campaign instead of once per message: the sanitiser keeps Liquid as
/// written, and Liquid in HTML mode encodes what it outputs, so personalisation in text cannot add markup. What remains
/// to check per message is Liquid inside a tag: in an <c>href</c> or <c>src</c> value only the URL's scheme can go
/// wrong, so a rendered message is scanned for unsafe URLs (and sanitised in full only if it has one); anywhere else in
/// a tag every message is sanitised in full. The text part is generated once from the template too.
/// </summary>
public static partial class EmailTemplatePreparer
{
    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel", "cid" };

    public static PreparedEmailTemplate Prepare(string template)
    {
        var sanitized = EmailHtmlSanitizer.Sanitize(template);
        var check = EmailSafetyCheck.None;
        foreach (Match liquid in LiquidMarkup().Matches(sanitized))
        {
            var before = sanitized.AsSpan(0, liquid.Index);
            if (before.LastIndexOf('<') <= before.LastIndexOf('>'))
            {
                continue;
            }

            var inUrl = liquid.Value.StartsWith("{{", StringComparison.Ordinal) && UrlAttributeOpen().IsMatch(sanitized[Math.Max(0, liquid.Index - 2000)..liquid.Index]);
            check = inUrl && check != EmailSafetyCheck.SanitizeEach ? EmailSafetyCheck.Urls : EmailSafetyCheck.SanitizeEach;
        }

        return new PreparedEmailTemplate(sanitized, PlainTextGenerator.FromHtml(sanitized), check);
    }

    /// <summary>A rendered body made safe as <paramref name="check"/> requires.</summary>
    public static string Secure(string rendered, EmailSafetyCheck check) => check switch
    {
        EmailSafetyCheck.None => rendered,
        EmailSafetyCheck.Urls when !HasUnsafeUrl(rendered) => rendered,
        _ => EmailHtmlSanitizer.Sanitize(rendered),
    };

    public static bool HasUnsafeUrl(string html)
    {
        foreach (Match attribute in UrlAttribute().Matches(html))
        {
            var url = WebUtility.HtmlDecode(attribute.Groups["url"].Value).Trim();
            if (url.Length == 0 || url[0] is '#' or '/' or '?')
            {
                continue;
            }

            var colon = url.IndexOf(':', StringComparison.Ordinal);
            var slash = url.IndexOfAny(['/', '?', '#']);
            if (colon < 0 || (slash >= 0 && slash < colon))
            {
                continue;
            }

            if (!SafeSchemes.Contains(url[..colon]))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidMarkup();

    [GeneratedRegex(@"\s(?:href|src)\s*=\s*""[^""<>]*$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttributeOpen();

    [GeneratedRegex(@"\s(?:href|src|background|action|formaction|poster|xlink:href)\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)'|(?<url>[^\s>]+))", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttribute();
}

/// <summary>What each rendered message of a prepared template still needs.</summary>
public enum EmailSafetyCheck
{
    /// <summary>Liquid only in text: the rendered message is safe as it is.</summary>
    None = 0,

    /// <summary>Liquid in URL attributes: check the rendered message's URLs.</summary>
    Urls = 1,

    /// <summary>Liquid elsewhere in tags: sanitise every rendered message.</summary>
    SanitizeEach = 2,
}

/// <summary>The sanitised HTML template, the text template generated from it, and the per-message check it needs.</summary>
public sealed record PreparedEmailTemplate(string Html, string Text, EmailSafetyCheck Check);
