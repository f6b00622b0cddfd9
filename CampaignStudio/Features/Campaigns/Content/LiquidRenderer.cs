using System.Diagnostics.CodeAnalysis;
using Fluid;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Prepares campaign templates for sending: parses once into a <see cref="ParsedTemplate"/> (reused for every
/// recipient) inside a sandbox: no includes or file access, no .NET objects, <c>for</c> loops capped, output size,
/// steps and time bounded. Register one instance as a singleton.
/// </summary>
public sealed class LiquidRenderer
{
    private readonly TemplateOptions options;

    /// <summary>A renderer with the default limits.</summary>
    public LiquidRenderer()
        : this(LiquidSandboxOptions.Default)
    {
    }

    /// <summary>A renderer with the given limits.</summary>
    public LiquidRenderer(LiquidSandboxOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        options = LiquidSandbox.CreateOptions(limits);
    }

    /// <summary>The limits every render runs under.</summary>
    public LiquidSandboxOptions Limits { get; }

    /// <summary>
    /// Parses <paramref name="template"/> for rendering in <paramref name="mode"/>. Throws
    /// <see cref="LiquidTemplateException"/> on a syntax error or a tag that is not allowed. Unknown variables are not
    /// an error here (they render empty); <see cref="LiquidTemplateValidator"/> reports them before saving.
    /// </summary>
    public ParsedTemplate Parse(string? template, LiquidOutputMode mode) =>
        TryParse(template, mode, out var parsed, out var problems) ? parsed : throw new LiquidTemplateException(problems);

    /// <summary>Like <see cref="Parse"/>, returning the problems instead of throwing.</summary>
    public bool TryParse(string? template, LiquidOutputMode mode, [NotNullWhen(true)] out ParsedTemplate? parsed, out IReadOnlyList<LiquidProblem> problems)
    {
        template ??= string.Empty;
        var found = LiquidTemplateValidator.Analyze(template, fields: null, out var fluid);
        problems = found;
        if (found.Count > 0)
        {
            parsed = null;
            return false;
        }

        var limited = fluid is null ? LiquidSandbox.Parser.Parse(string.Empty) : new LiquidLoopLimiter(Limits.MaxLoopIterations).VisitTemplate(fluid);
        parsed = new ParsedTemplate(limited, template, mode, options, Limits);
        return true;
    }

    /// <summary>Parses and renders in one go, for previews and single sends; parse once and reuse for bulk sending.</summary>
    public string Render(string? template, PersonalizationModel model, LiquidOutputMode mode) => Parse(template, mode).Render(model);
}
