using System.Net;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Makes an email's HTML template safe once per campaign instead of once per message: the sanitiser keeps Liquid as
/// written, and Liquid in HTML mode encodes what it outputs, so personalisation in text cannot add markup. What remains
/// to check per message is Liquid inside a tag: in an <c>href</c> or <c>src</c> value only the URL's scheme can go
/// wrong, so a rendered message is scanned for unsafe URLs (and sanitised in full only if it has one) unless the template
/// itself fixes the scheme; anywhere else in a tag every message is sanitised in full. The text part is generated once from the template too.
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

            var open = liquid.Value.StartsWith("{{", StringComparison.Ordinal) ? UrlAttributeOpen().Match(sanitized[Math.Max(0, liquid.Index - 2000)..liquid.Index]) : Match.Empty;
            if (!open.Success)
            {
                check = EmailSafetyCheck.SanitizeEach;
            }
            else if (!SchemeIsFixed(open.Groups["prefix"].Value, liquid.Value) && check != EmailSafetyCheck.SanitizeEach)
            {
                check = EmailSafetyCheck.Urls;
            }
        }

        return new PreparedEmailTemplate(sanitized, PlainTextGenerator.FromHtml(sanitized), check);
    }

    /// <summary>
    /// Whether a URL attribute with Liquid in it gets its scheme from the template, whatever the Liquid renders: the value
    /// starts with a safe scheme written out before any Liquid (<c>https://shop.example/{{ … }}</c>), or it is just one of
    /// the addresses CampaignStudio makes itself (<c>{{ unsubscribe_url }}</c>, <c>{{ preferences_url }}</c>). Liquid
    /// output is HTML-encoded, so it cannot end the attribute early either.
    /// </summary>
    private static bool SchemeIsFixed(string prefix, string liquid)
    {
        if (prefix.Trim().Length == 0)
        {
            return SystemUrl().IsMatch(liquid);
        }

        var written = WebUtility.HtmlDecode(prefix).TrimStart();
        var colon = written.IndexOf(':', StringComparison.Ordinal);
        var brace = written.IndexOf('{', StringComparison.Ordinal);
        return colon > 0 && (brace < 0 || colon < brace) && written[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')
            && SafeSchemes.Contains(written[..colon]);
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

    [GeneratedRegex(@"\s(?:href|src)\s*=\s*""(?<prefix>[^""<>]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttributeOpen();

    [GeneratedRegex(@"^\{\{-?\s*(?:unsubscribe_url|preferences_url)\s*-?\}\}$")]
    private static partial Regex SystemUrl();

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
