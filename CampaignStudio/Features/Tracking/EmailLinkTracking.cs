using System.Buffers;
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
    private const char PreheaderSlot = '\uE004';
    private const char PixelSlot = '\uE005';
    private static readonly SearchValues<char> Markers = SearchValues.Create([Start, PreheaderSlot, PixelSlot]);

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
    /// Marks where each message's preheader (right after the opening <c>body</c> tag, else at the start) and open pixel
    /// (right before the closing <c>body</c> tag, else at the end) go, so that <see cref="Apply"/> puts them in during the
    /// same pass that swaps the links, instead of copying the whole body twice more. A place is marked only where every
    /// message certainly has it (no Liquid tag before the opening or after the closing <c>body</c> tag); where it is not
    /// marked, <paramref name="preheaderSlot"/> or <paramref name="pixelSlot"/> is false and the caller inserts that part itself.
    /// </summary>
    public static string MarkSlots(string html, out bool preheaderSlot, out bool pixelSlot)
    {
        var bodyStart = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var preheaderAt = bodyStart < 0 ? 0 : html.IndexOf('>', bodyStart) + 1;
        preheaderSlot = preheaderAt >= 0 && (bodyStart < 0 || (preheaderAt > 0 && !html.AsSpan(0, preheaderAt).Contains("{%", StringComparison.Ordinal)));
        var bodyEnd = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        var pixelAt = bodyEnd < 0 ? html.Length : bodyEnd;
        pixelSlot = pixelAt >= (preheaderSlot ? preheaderAt : 0) && !html.AsSpan(pixelAt).Contains("{%", StringComparison.Ordinal);
        if (!preheaderSlot && !pixelSlot)
        {
            return html;
        }

        var marked = new StringBuilder(html.Length + 2);
        if (preheaderSlot)
        {
            marked.Append(html, 0, preheaderAt).Append(PreheaderSlot);
        }

        var rest = preheaderSlot ? preheaderAt : 0;
        if (pixelSlot)
        {
            marked.Append(html, rest, pixelAt - rest).Append(PixelSlot).Append(html, pixelAt, html.Length - pixelAt);
        }
        else
        {
            marked.Append(html, rest, html.Length - rest);
        }

        return marked.ToString();
    }

    /// <summary>
    /// One rendered message with its markers replaced: tracked URLs when <paramref name="tracking"/> is given, else the
    /// links' own targets (previews, test sends); the preheader (already HTML) and, when tracking, the open pixel at the
    /// places <see cref="MarkSlots"/> marked.
    /// </summary>
    public static string Apply(string rendered, IReadOnlyList<TrackedLink> links, TrackedDelivery message, LinkTracking? tracking, string? preheaderHtml = null) =>
        rendered.AsSpan().IndexOfAny(Markers) < 0 ? rendered : Apply(rendered.AsSpan(), links, message, tracking, preheaderHtml);

    /// <summary>
    /// As <see cref="Apply(string, IReadOnlyList{TrackedLink}, TrackedDelivery, LinkTracking?, string?)"/>, straight from
    /// the renderer's output: the message is assembled in a pooled buffer and becomes a string once.
    /// </summary>
    public static string Apply(ReadOnlySpan<char> rendered, IReadOnlyList<TrackedLink> links, TrackedDelivery message, LinkTracking? tracking, string? preheaderHtml = null)
    {
        var at = rendered.IndexOfAny(Markers);
        if (at < 0)
        {
            return new string(rendered);
        }

        var text = new PooledText(rendered.Length + (links.Count * 64) + 256 + (preheaderHtml?.Length ?? 0));
        try
        {
            var from = 0;
            for (; at >= 0; at = NextMarker(rendered, from))
            {
                text.Append(rendered[from..at]);
                if (rendered[at] == PreheaderSlot)
                {
                    text.Append(preheaderHtml);
                    from = at + 1;
                    continue;
                }

                if (rendered[at] == PixelSlot)
                {
                    if (tracking is not null)
                    {
                        text.Append(OpenPixel(message, tracking));
                    }

                    from = at + 1;
                    continue;
                }

                var digits = at + 1;
                var end = digits;
                while (end < rendered.Length && char.IsAsciiDigit(rendered[end]))
                {
                    end++;
                }

                if (end == digits || end >= rendered.Length || !int.TryParse(rendered[digits..end], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= links.Count)
                {
                    // Not one of ours: drop the marker character, keep the rest.
                    from = at + 1;
                    continue;
                }

                var link = links[index];
                var close = rendered[end] == Open ? rendered[(end + 1)..].IndexOf(Close) : -1;
                if (rendered[end] == Static)
                {
                    text.Append(tracking is null ? WebUtility.HtmlEncode(link.Url) : TrackedUrl(tracking, message with { LinkIndex = index }, null));
                    from = end + 1;
                }
                else if (close >= 0)
                {
                    close += end + 1;
                    var written = rendered[(end + 1)..close];
                    var target = WebUtility.HtmlDecode(written.ToString()).Trim();
                    if (tracking is not null && IsHttp(target))
                    {
                        text.Append(TrackedUrl(tracking, message with { LinkIndex = index }, target));
                    }
                    else
                    {
                        text.Append(written);
                    }

                    from = close + 1;
                }
                else
                {
                    from = end;
                }
            }

            text.Append(rendered[from..]);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The open pixel at the end of the body.</summary>
    public static string AddOpenPixel(string html, TrackedDelivery message, LinkTracking tracking)
    {
        var pixel = OpenPixel(message, tracking);
        var bodyEnd = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        return bodyEnd < 0 ? html + pixel : html.Insert(bodyEnd, pixel);
    }

    private static string OpenPixel(TrackedDelivery message, LinkTracking tracking) =>
        $"<img src=\"{tracking.PublicBaseUrl}/o/{tracking.Signer.Sign(message with { LinkIndex = TrackedDelivery.NoLink }, TrackingPurpose.Open)}.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";

    private static int NextMarker(ReadOnlySpan<char> rendered, int from)
    {
        var next = rendered[from..].IndexOfAny(Markers);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>A growable text buffer rented from the shared pool: one message is assembled in it, then copied out once.</summary>
    private struct PooledText(int capacity) : IDisposable
    {
        private char[] buffer = ArrayPool<char>.Shared.Rent(capacity);
        private int length;

        public void Append(ReadOnlySpan<char> value)
        {
            if (length + value.Length > buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, length + value.Length));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(buffer);
                buffer = larger;
            }

            value.CopyTo(buffer.AsSpan(length));
            length += value.Length;
        }

        public override readonly string ToString() => new(buffer, 0, length);

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(buffer);
            buffer = [];
        }
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
        if (value.Length == 0 || value.IndexOfAny([Start, Static, Open, Close, PreheaderSlot, PixelSlot]) >= 0)
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
