using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Protects Liquid markup while HTML tools parse a template. Each <c>{{ ... }}</c> and <c>{% ... %}</c> is swapped for
/// an opaque token before parsing and swapped back, byte for byte, afterwards, so an HTML parser neither escapes its
/// quotes and <c>&gt;</c>, nor percent-encodes it in a URL, nor moves it out of a table. Liquid between elements becomes
/// an HTML comment token (comments stay where they are, even between table rows); Liquid inside a tag, an attribute
/// value or a style block becomes a bare word token.
/// </summary>
internal sealed partial class LiquidHtmlShield
{
    private readonly string prefix;
    private readonly List<string> originals = [];

    private LiquidHtmlShield(string html)
    {
        prefix = UniquePrefix(html);
        Html = Shield(html);
    }

    /// <summary>The HTML with every piece of Liquid replaced by a token.</summary>
    public string Html { get; }

    /// <summary>True when the template contained any Liquid.</summary>
    public bool HasLiquid => originals.Count > 0;

    /// <summary>Shields <paramref name="html"/>.</summary>
    public static LiquidHtmlShield Protect(string html) => new(html);

    /// <summary>Puts the original Liquid back in place of every token (comment or bare) in <paramref name="text"/>.</summary>
    public string Restore(string text)
    {
        if (originals.Count == 0)
        {
            return text;
        }

        var pattern = new Regex("(?:<!--)?" + prefix + "(?<index>[0-9]+)z(?:-->)?");
        return pattern.Replace(text, m => originals[int.Parse(m.Groups["index"].ValueSpan)]);
    }

    /// <summary>The Liquid a comment token stands for (the comment's data, without <c>&lt;!--</c> and <c>--&gt;</c>).</summary>
    public bool TryGetCommentLiquid(string commentData, out string liquid)
    {
        liquid = string.Empty;
        if (!commentData.StartsWith(prefix, StringComparison.Ordinal) || !commentData.EndsWith('z')
            || !int.TryParse(commentData.AsSpan(prefix.Length, commentData.Length - prefix.Length - 1), out var index)
            || index < 0 || index >= originals.Count)
        {
            return false;
        }

        liquid = originals[index];
        return true;
    }

    private string Token(string liquid)
    {
        originals.Add(liquid);
        return prefix + (originals.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "z";
    }

    private string Shield(string html)
    {
        var output = new StringBuilder(html.Length);
        var state = State.Text;
        var quote = '\0';
        string? rawTextElement = null;
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] == '{' && i + 1 < html.Length && html[i + 1] is '{' or '%')
            {
                var close = html.IndexOf(html[i + 1] == '{' ? "}}" : "%}", i + 2, StringComparison.Ordinal);
                var end = close < 0 ? html.Length : close + 2;
                var token = Token(html[i..end]);
                output.Append(state == State.Text ? "<!--" + token + "-->" : token);
                i = end;
                continue;
            }

            var c = html[i];
            switch (state)
            {
                case State.Text when c == '<' && At(html, i, "<!--"):
                    state = State.Comment;
                    break;
                case State.Text when c == '<' && i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] == '/'):
                    var name = TagName().Match(html, i);
                    rawTextElement = name.Success && !name.Groups["end"].Success && RawTextElements.Contains(name.Groups["name"].Value.ToLowerInvariant())
                        ? name.Groups["name"].Value.ToLowerInvariant()
                        : null;
                    state = State.Tag;
                    break;
                case State.Tag when quote != '\0':
                    quote = c == quote ? '\0' : quote;
                    break;
                case State.Tag when c is '"' or '\'':
                    quote = c;
                    break;
                case State.Tag when c == '>':
                    state = rawTextElement is null ? State.Text : State.RawText;
                    break;
                case State.Comment when c == '>' && i >= 2 && html[i - 1] == '-' && html[i - 2] == '-':
                    state = State.Text;
                    break;
                case State.RawText when c == '<' && At(html, i, "</" + rawTextElement):
                    state = State.Tag;
                    rawTextElement = null;
                    break;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal) { "script", "style", "textarea", "title", "xmp", "noscript" };

    private static bool At(string text, int index, string value) =>
        string.CompareOrdinal(text, index, value, 0, value.Length) == 0 || text.AsSpan(index).StartsWith(value, StringComparison.OrdinalIgnoreCase);

    private static string UniquePrefix(string html)
    {
        while (true)
        {
            var candidate = "lqd" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)) + "n";
            if (!html.Contains(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
    }

    [GeneratedRegex(@"\G<(?<end>/)?(?<name>[A-Za-z][A-Za-z0-9-]*)")]
    private static partial Regex TagName();

    private enum State
    {
        Text,
        Tag,
        Comment,
        RawText,
    }
}
