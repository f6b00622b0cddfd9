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
    private int sizeHint = 256;

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
        using var writer = RenderToWriter(model);
        return writer.ToString();
    }

    /// <summary>
    /// Renders for one recipient and hands the output to <paramref name="finish"/> as a span, without first making it a
    /// string of its own: for a caller that turns the output into another string anyway (the tracked links put in), that
    /// saves a copy of the whole message.
    /// </summary>
    public string Render<TState>(PersonalizationModel model, TState state, Func<ReadOnlySpan<char>, TState, string> finish)
    {
        using var writer = RenderToWriter(model);
        return finish(writer.Written, state);
    }

    private BoundedTextWriter RenderToWriter(PersonalizationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new TemplateContext(options, StringComparer.Ordinal);
        PersonalizationValues.Apply(context, model);
        // Sized like the last message, with room to spare, so the buffer rarely grows (each growth is another copy).
        var writer = new BoundedTextWriter(limits.MaxOutputLength, limits.Timeout, Volatile.Read(ref sizeHint));
        TextEncoder encoder = Mode == LiquidOutputMode.Html ? Html : NullEncoder.Default;
        try
        {
            Run(writer, encoder, context);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        Volatile.Write(ref sizeHint, writer.Length + (writer.Length / 8) + 64);
        return writer;
    }

    private void Run(BoundedTextWriter writer, TextEncoder encoder, TemplateContext context)
    {
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
    }
}
