using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// A template parsed once (per campaign field) and rendered for every recipient. Immutable and thread-safe: any
/// number of threads may call <see cref="Render"/> at once; each render gets its own context and output buffer.
/// </summary>
public sealed class ParsedTemplate
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly IFluidTemplate template;
    private readonly TemplateOptions options;
    private readonly LiquidSandboxOptions limits;

    internal ParsedTemplate(IFluidTemplate template, string source, LiquidOutputMode mode, TemplateOptions options, LiquidSandboxOptions limits)
    {
        this.template = template;
        this.options = options;
        this.limits = limits;
        Source = source;
        Mode = mode;
    }

    /// <summary>The template text as written.</summary>
    public string Source { get; }

    /// <summary>Whether inserted values are HTML-encoded.</summary>
    public LiquidOutputMode Mode { get; }

    /// <summary>
    /// The message for one recipient. Missing values render empty. Throws <see cref="LiquidRenderException"/> when a
    /// sandbox limit is hit (output length, time, steps).
    /// </summary>
    public string Render(PersonalizationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new TemplateContext(options, StringComparer.Ordinal);
        PersonalizationValues.Apply(context, model);
        var writer = new BoundedTextWriter(limits.MaxOutputLength, limits.Timeout);
        TextEncoder encoder = Mode == LiquidOutputMode.Html ? Html : NullEncoder.Default;
        try
        {
            var rendering = template.RenderAsync(writer, encoder, context);
            if (!rendering.IsCompletedSuccessfully)
            {
                rendering.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (LiquidRenderException)
        {
            throw;
        }
        catch (InvalidOperationException e)
        {
            // Fluid reports both too many steps and too deep nesting this way.
            throw new LiquidRenderException("The template does too much work (too many steps or too deeply nested) and was stopped.", e);
        }
        catch (Exception e) when (e is FluidException or FormatException or ArgumentException or OverflowException or IOException)
        {
            throw new LiquidRenderException("The template could not be rendered: " + e.Message, e);
        }

        return writer.ToString();
    }
}
