using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Click and open tracking for email, split so that the expensive part runs once per campaign. <see cref="Prepare"/>
/// finds the http(s) links of the (sanitised) template — not mailto:, tel:, anchors or the unsubscribe and preference
/// links — and replaces each <c>href</c> value by a marker; <see cref="Apply"/> replaces the markers of one rendered
/// message by that message's tracked URLs (<c>{base}/c/{token}</c>) in one pass, and <see cref="AddOpenPixel"/> adds
/// the 1×1 open pixel. A link with Liquid in it keeps its per-recipient target: the marker wraps the Liquid, and the
/// rendered URL goes into the link as <c>?u=</c>, covered by the token's signature, so the redirect never goes
/// anywhere that was not signed here. The markers are private-use characters, which Liquid's HTML encoder escapes in
/// everything it outputs, so contact data cannot forge one.
/// </summary>
public static partial class EmailLinkTracking
{
    private const char Start = '\uE000';
    private const char Static = '\uE001';
    private const char Open = '\uE002';
    private const char Close = '\uE003';

    /// <summary>The template with markers in place of its tracked links, and the links in order.</summary>
    public static (string Html, IReadOnlyList<TrackedLink> Links) Prepare(string html)
    {
        var links = new List<TrackedLink>();
        var result = AnchorHref().Replace(html, match =>
        {
            var value = match.Groups["url"];
            var raw = value.Value;
            if (links.Count >= TrackedDelivery.NoLink - 1 || !Trackable(raw, out var personalized))
            {
                return match.Value;
            }

            var index = links.Count;
            var url = WebUtility.HtmlDecode(raw).Trim();
            links.Add(new TrackedLink(index, url, personalized));
            var marker = personalized
                ? $"{Start}{index.ToString(CultureInfo.InvariantCulture)}{Open}{raw}{Close}"
                : $"{Start}{index.ToString(CultureInfo.InvariantCulture)}{Static}";
            return string.Concat(match.Value.AsSpan(0, value.Index - match.Index), marker, match.Value.AsSpan(value.Index - match.Index + value.Length));
        });
        return (result, links);
    }

    /// <summary>
    /// One rendered message with its markers replaced: tracked URLs when <paramref name="tracking"/> is given, else the
    /// links' own targets (previews, test sends).
    /// </summary>
    public static string Apply(string rendered, IReadOnlyList<TrackedLink> links, TrackedDelivery message, LinkTracking? tracking)
    {
        var at = rendered.IndexOf(Start, StringComparison.Ordinal);
        if (at < 0)
        {
            return rendered;
        }

        var text = new StringBuilder(rendered.Length + (links.Count * 64));
        var from = 0;
        while (at >= 0)
        {
            text.Append(rendered, from, at - from);
            var digits = at + 1;
            var end = digits;
            while (end < rendered.Length && char.IsAsciiDigit(rendered[end]))
            {
                end++;
            }

            if (end == digits || end >= rendered.Length || !int.TryParse(rendered.AsSpan(digits, end - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= links.Count)
            {
                // Not one of ours: drop the marker character, keep the rest.
                from = at + 1;
                at = rendered.IndexOf(Start, from);
                continue;
            }

            var link = links[index];
            if (rendered[end] == Static)
            {
                text.Append(tracking is null ? WebUtility.HtmlEncode(link.Url) : TrackedUrl(tracking, message with { LinkIndex = index }, null));
                from = end + 1;
            }
            else if (rendered[end] == Open && rendered.IndexOf(Close, end + 1) is var close and > 0)
            {
                var target = WebUtility.HtmlDecode(rendered[(end + 1)..close]).Trim();
                text.Append(tracking is not null && IsHttp(target)
                    ? TrackedUrl(tracking, message with { LinkIndex = index }, target)
                    : rendered.AsSpan(end + 1, close - end - 1));
                from = close + 1;
            }
            else
            {
                from = end;
            }

            at = rendered.IndexOf(Start, from);
        }

        text.Append(rendered, from, rendered.Length - from);
        return text.ToString();
    }

    /// <summary>The open pixel at the end of the body.</summary>
    public static string AddOpenPixel(string html, TrackedDelivery message, LinkTracking tracking)
    {
        var pixel = $"<img src=\"{tracking.PublicBaseUrl}/o/{tracking.Signer.Sign(message with { LinkIndex = TrackedDelivery.NoLink }, TrackingPurpose.Open)}.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";
        var bodyEnd = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        return bodyEnd < 0 ? html + pixel : html.Insert(bodyEnd, pixel);
    }

    /// <summary>The address of a tracked link (HTML-encoded for an attribute).</summary>
    public static string TrackedUrl(LinkTracking tracking, TrackedDelivery message, string? personalizedTarget)
    {
        if (personalizedTarget is null)
        {
            return $"{tracking.PublicBaseUrl}/c/{tracking.Signer.Sign(message, TrackingPurpose.Click)}";
        }

        var token = tracking.Signer.Sign(message, TrackingPurpose.PersonalizedClick, personalizedTarget);
        return WebUtility.HtmlEncode($"{tracking.PublicBaseUrl}/c/{token}?u={Uri.EscapeDataString(personalizedTarget)}");
    }

    public static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool Trackable(string raw, out bool personalized)
    {
        var value = WebUtility.HtmlDecode(raw).Trim();
        personalized = value.Contains("{{", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal);
        if (value.Length == 0 || value.IndexOfAny([Start, Static, Open, Close]) >= 0)
        {
            return false;
        }

        if (personalized)
        {
            // The links CampaignStudio makes itself are not redirected through tracking; nor is a link whose scheme is
            // itself personalised unless it starts as http(s) (checked again on each rendered URL).
            return !SystemLink().IsMatch(value) && (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("{{", StringComparison.Ordinal));
        }

        return IsHttp(value);
    }

    [GeneratedRegex(@"<a\b[^>]*?\shref\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex AnchorHref();

    [GeneratedRegex(@"unsubscribe_url|preferences_url|view_in_browser_url", RegexOptions.IgnoreCase)]
    private static partial Regex SystemLink();
}
