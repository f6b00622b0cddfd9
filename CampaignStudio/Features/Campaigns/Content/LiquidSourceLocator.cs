using System.Text.RegularExpressions;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Finds where in the template text an AST node came from. Fluid's nodes carry no positions, but text between tags
/// does; the walker moves a cursor past each piece of text it visits and then looks for the offending name inside the
/// Liquid markup (<c>{{ }}</c> or <c>{% %}</c>) that follows, so a repeated name is found at the right occurrence.
/// </summary>
internal sealed partial class LiquidSourceLocator
{
    private readonly string source;
    private readonly List<(int Start, int End)> markup = [];
    private int cursor;

    public LiquidSourceLocator(string source)
    {
        this.source = source;
        FindMarkup();
    }

    /// <summary>Moves the cursor forward to <paramref name="offset"/> (never back).</summary>
    public void MoveTo(int offset) => cursor = Math.Max(cursor, offset);

    /// <summary>Offset of the first match of <paramref name="pattern"/> inside markup from the cursor on (else anywhere in markup, else 0); the cursor moves past it.</summary>
    public int Find(Regex pattern)
    {
        foreach (var (start, end) in markup)
        {
            if (end <= cursor)
            {
                continue;
            }

            var from = Math.Max(start, cursor);
            var match = pattern.Match(source, from, end - from);
            if (match.Success)
            {
                cursor = match.Index + match.Length;
                return match.Index;
            }
        }

        foreach (var (start, end) in markup)
        {
            var match = pattern.Match(source, start, end - start);
            if (match.Success)
            {
                return match.Index;
            }
        }

        return 0;
    }

    /// <summary>A problem at <paramref name="position"/>.</summary>
    public LiquidProblem Problem(LiquidProblemKind kind, string message, int position, string? suggestion = null)
    {
        var (line, column) = LineAndColumn(source, position);
        return new LiquidProblem(kind, message, position, line, column, suggestion);
    }

    /// <summary>One-based line and column of a zero-based offset.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, position - lineStart + 1);
    }

    /// <summary>Zero-based offset of a one-based line and column (clamped to the text).</summary>
    public static int Offset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; offset++)
        {
            if (text[offset] == '\n')
            {
                current++;
            }
        }

        return Math.Clamp(offset + column - 1, 0, text.Length);
    }

    private void FindMarkup()
    {
        var index = 0;
        while (index < source.Length)
        {
            var open = source.IndexOf('{', index);
            if (open < 0 || open + 1 >= source.Length)
            {
                break;
            }

            var next = source[open + 1];
            if (next is not ('{' or '%'))
            {
                index = open + 1;
                continue;
            }

            var close = source.IndexOf(next == '{' ? "}}" : "%}", open + 2, StringComparison.Ordinal);
            var end = close < 0 ? source.Length : close + 2;
            markup.Add((open, end));
            index = end;

            // The bodies of raw and comment blocks are text, not markup.
            if (next == '%' && BlockStart().Match(source, open, end - open) is { Success: true } block)
            {
                var closing = new Regex(@"\{%-?\s*end" + block.Groups["name"].Value + @"\s*-?%\}");
                var endBlock = closing.Match(source, end);
                index = endBlock.Success ? endBlock.Index : source.Length;
            }
        }
    }

    [GeneratedRegex(@"^\{%-?\s*(?<name>raw|comment)\s*-?%\}")]
    private static partial Regex BlockStart();
}
