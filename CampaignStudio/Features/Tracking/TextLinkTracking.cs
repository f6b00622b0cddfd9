using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Link tracking for plain texts (SMS, WhatsApp free text), split like <see cref="EmailLinkTracking"/> so that finding
/// links runs once per campaign. <see cref="Prepare"/> finds the http(s) links written in the template — a URL may hold
/// Liquid, e.g. <c>https://shop.example/o/{{ contact.external_id }}</c> — and replaces each by a marker;
/// <see cref="Apply"/> swaps the markers of one rendered message for its short links (<c>{base}/s/{code}</c>). Text
/// around links (opt-out wording, <c>{{ unsubscribe_url }}</c>, <c>mailto:</c>, bare domains) is left as written.
/// Liquid does not encode what it writes into a text, so a marker carries a random nonce of the plan that built it:
/// contact data cannot forge one. A link with Liquid in it cannot carry its target in a short link; its rendered
/// target is handed back to be stored for that message and link (<see cref="DeliveryLinkTarget"/>).
/// </summary>
public static partial class TextLinkTracking
{
    private const char Start = '\uE010';
    private const char Static = '\uE011';
    private const char Open = '\uE012';
    private const char Close = '\uE013';

    /// <summary>What a short link adds over the base address: <c>/s/</c> and a code (18 characters up to 268 million messages in the ledger).</summary>
    public const int TypicalPathLength = 3 + 18;

    /// <summary>The template with markers in place of its links, and the links numbered from <paramref name="firstIndex"/>.</summary>
    public static PreparedText Prepare(string template, Channel channel, int firstIndex)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var links = new List<TrackedLink>();
        var text = Link().Replace(template, match =>
        {
            var url = TrimEnd(match.Value);
            var personalized = url.Contains("{{", StringComparison.Ordinal) || url.Contains("{%", StringComparison.Ordinal);
            var index = firstIndex + links.Count;
            if (index >= TrackedDelivery.NoLink - 1 || SystemLink().IsMatch(url) || url.AsSpan().IndexOfAny([Start, Static, Open, Close]) >= 0
                || (!personalized && !EmailLinkTracking.IsHttp(url)) || url.Length > CampaignLink.MaxUrlLength)
            {
                return match.Value;
            }

            links.Add(new TrackedLink(index, url, personalized) { Channel = channel });
            var number = index.ToString(CultureInfo.InvariantCulture);
            var marker = personalized ? $"{Start}{nonce}{number}{Open}{url}{Close}" : $"{Start}{nonce}{number}{Static}";
            return marker + match.Value[url.Length..];
        });
        return new PreparedText(text, links, nonce);
    }

    /// <summary>
    /// One rendered text with its markers replaced: short links when <paramref name="tracking"/> is given (the rendered
    /// targets of personalised links go to <paramref name="targets"/>), else the links themselves (previews, test sends).
    /// </summary>
    public static string Apply(string rendered, PreparedText prepared, TrackedDelivery message, LinkTracking? tracking, ICollection<DeliveryLinkTarget>? targets)
    {
        var marker = Start + prepared.Nonce;
        var at = rendered.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return rendered;
        }

        var first = prepared.Links.Count == 0 ? 0 : prepared.Links[0].Index;
        var text = new StringBuilder(rendered.Length + (prepared.Links.Count * 32));
        var from = 0;
        while (at >= 0)
        {
            text.Append(rendered, from, at - from);
            var digits = at + marker.Length;
            var end = digits;
            while (end < rendered.Length && char.IsAsciiDigit(rendered[end]))
            {
                end++;
            }

            if (end == digits || end >= rendered.Length
                || !int.TryParse(rendered.AsSpan(digits, end - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index - first is var position && (position < 0 || position >= prepared.Links.Count))
            {
                from = digits;
                at = rendered.IndexOf(marker, from, StringComparison.Ordinal);
                continue;
            }

            var link = prepared.Links[index - first];
            if (rendered[end] == Static)
            {
                text.Append(tracking is null ? link.Url : ShortUrl(tracking, message with { LinkIndex = index }));
                from = end + 1;
            }
            else if (rendered[end] == Open && rendered.IndexOf(Close, end + 1) is var close and > 0)
            {
                var target = rendered[(end + 1)..close].Trim();
                if (tracking is not null && targets is not null && EmailLinkTracking.IsHttp(target) && target.Length <= CampaignLink.MaxUrlLength)
                {
                    targets.Add(new DeliveryLinkTarget(message.DeliveryId, index, target));
                    text.Append(ShortUrl(tracking, message with { LinkIndex = index }));
                }
                else
                {
                    text.Append(rendered, end + 1, close - end - 1);
                }

                from = close + 1;
            }
            else
            {
                from = end;
            }

            at = rendered.IndexOf(marker, from, StringComparison.Ordinal);
        }

        text.Append(rendered, from, rendered.Length - from);
        return text.ToString();
    }

    /// <summary>The text as it will go out, with a short link of typical length in place of each link (what the segment counter counts).</summary>
    public static string WithTypicalShortLinks(string text, string publicBaseUrl)
    {
        var stand = publicBaseUrl.TrimEnd('/') + "/s/" + new string('x', TypicalPathLength - 3);
        return Link().Replace(text, match =>
        {
            var url = TrimEnd(match.Value);
            var personalized = url.Contains("{{", StringComparison.Ordinal) || url.Contains("{%", StringComparison.Ordinal);
            return SystemLink().IsMatch(url) || (!personalized && !EmailLinkTracking.IsHttp(url)) ? match.Value : stand + match.Value[url.Length..];
        });
    }

    /// <summary>The short link of one link of one message.</summary>
    public static string ShortUrl(LinkTracking tracking, TrackedDelivery message) => $"{tracking.PublicBaseUrl}/s/{tracking.Signer.SignShort(message)}";

    /// <summary>A URL ends before the punctuation of the sentence it stands in (and before a closing bracket it did not open).</summary>
    private static string TrimEnd(string url)
    {
        var end = url.Length;
        while (end > 0)
        {
            var c = url[end - 1];
            if (c is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' || (c == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')'))
                || (c == ']' && url.AsSpan(0, end).Count('[') < url.AsSpan(0, end).Count(']')))
            {
                end--;
                continue;
            }

            break;
        }

        return url[..end];
    }

    /// <summary>http(s):// and what follows up to a space; Liquid inside (which may hold spaces) is part of the URL.</summary>
    [GeneratedRegex(@"(?<![\w/])https?://(?:\{\{.*?\}\}|\{%.*?%\}|[^\s<>""{}])+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"unsubscribe_url|preferences_url|view_in_browser_url", RegexOptions.IgnoreCase)]
    private static partial Regex SystemLink();
}

/// <summary>A text template with markers in place of its tracked links, the links, and the nonce its markers carry.</summary>
public sealed record PreparedText(string Text, IReadOnlyList<TrackedLink> Links, string Nonce);
