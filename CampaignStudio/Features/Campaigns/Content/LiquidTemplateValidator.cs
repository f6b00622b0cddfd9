using System.Text.RegularExpressions;
using Fluid;
using Fluid.Parser;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Checks a Liquid template before it is saved: syntax, tags (only <c>if/elsif/else/unless/case/for/assign/capture/
/// comment/raw</c>), filters, and that every variable is a personalisation field available here or one the template
/// introduces itself. Every problem comes with its line and column and, for typos, a suggestion.
/// </summary>
public static partial class LiquidTemplateValidator
{
    /// <summary>Every problem of <paramref name="template"/> against <paramref name="availableFields"/>, in template order; empty when it is fine.</summary>
    public static IReadOnlyList<LiquidProblem> Validate(string? template, PersonalizationFields availableFields)
    {
        ArgumentNullException.ThrowIfNull(availableFields);
        return Analyze(template ?? string.Empty, availableFields, out _);
    }

    /// <summary>True when <paramref name="template"/> has no problem against <paramref name="availableFields"/>.</summary>
    public static bool IsValid(string? template, PersonalizationFields availableFields) => Validate(template, availableFields).Count == 0;

    /// <summary>
    /// Parses and walks <paramref name="template"/>. Without <paramref name="fields"/> only syntax and tags are checked
    /// (what rendering needs); <paramref name="parsed"/> is null when the template does not parse.
    /// </summary>
    internal static List<LiquidProblem> Analyze(string template, PersonalizationFields? fields, out IFluidTemplate? parsed)
    {
        parsed = null;
        if (template.Length == 0)
        {
            return [];
        }

        if (!LiquidSandbox.Parser.TryParse(template, out var fluid, out var error))
        {
            // The multi-line {% liquid %} tag is switched off in the parser, which then only says it expected '%}'.
            if (LiquidTag().Match(template) is { Success: true } liquidTag)
            {
                var (line, column) = LiquidSourceLocator.LineAndColumn(template, liquidTag.Index);
                return [new LiquidProblem(LiquidProblemKind.DisallowedTag, LiquidTemplateWalker.UnsupportedTagMessage("liquid"), liquidTag.Index, line, column)];
            }

            return [SyntaxProblem(template, error)];
        }

        parsed = fluid;
        var walker = new LiquidTemplateWalker(template, fields);
        walker.Walk(fluid is FluidTemplate { Statements: var statements } ? statements : []);
        return walker.Problems;
    }

    private static LiquidProblem SyntaxProblem(string template, string? error)
    {
        var firstLine = (error ?? "The template could not be read.").Split('\n')[0].Trim();
        var located = ErrorPosition().Match(firstLine);
        var message = located.Success ? located.Groups["message"].Value.Trim() : firstLine;
        var position = located.Success
            ? LiquidSourceLocator.Offset(template, int.Parse(located.Groups["line"].Value), int.Parse(located.Groups["column"].Value))
            : 0;

        var kind = LiquidProblemKind.Syntax;
        string? suggestion = null;
        if (UnknownTag().Match(message) is { Success: true } unknown)
        {
            var tag = unknown.Groups["tag"].Value;
            var tagStart = template.LastIndexOf("{%", Math.Min(position, template.Length - 1), StringComparison.Ordinal);
            position = tagStart >= 0 ? tagStart : position;
            if (LiquidSandbox.FileTags.Contains(tag))
            {
                kind = LiquidProblemKind.DisallowedTag;
                message = $"The '{tag}' tag is not allowed: a campaign template cannot load other templates or files.";
            }
            else if (tag.StartsWith("end", StringComparison.Ordinal) && LiquidSandbox.AllowedTags.Contains(tag))
            {
                message = $"'{{% {tag} %}}' has no matching '{{% {tag[3..]} %}}' before it.";
            }
            else
            {
                suggestion = TextDistance.Closest(tag, LiquidSandbox.AllowedTags);
                message = $"Unknown tag '{tag}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?");
            }
        }
        else if (message.Length > 0 && !message.EndsWith('.'))
        {
            message += ".";
        }

        var (line, column) = LiquidSourceLocator.LineAndColumn(template, position);
        return new LiquidProblem(kind, message.Length > 0 ? char.ToUpperInvariant(message[0]) + message[1..] : message, position, line, column, suggestion);
    }

    [GeneratedRegex(@"^(?<message>.*) at \((?<line>\d+):(?<column>\d+)\)$")]
    private static partial Regex ErrorPosition();

    [GeneratedRegex(@"\{%-?\s*liquid\b")]
    private static partial Regex LiquidTag();

    [GeneratedRegex(@"^Unknown tag '(?<tag>[^']+)'")]
    private static partial Regex UnknownTag();
}
