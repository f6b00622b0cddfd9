using System.Collections.Frozen;
using System.Globalization;
using Fluid;
using Microsoft.Extensions.FileProviders;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// The one Liquid dialect campaign templates are written in: the parser, the tags and filters allowed, and the
/// render options (no file system, no .NET object access, invariant culture, UTC).
/// </summary>
internal static class LiquidSandbox
{
    /// <summary>Filters removed from the built-in set: <c>raw</c> would write a value into HTML unencoded.</summary>
    public static readonly FrozenSet<string> DisallowedFilters = FrozenSet.Create(StringComparer.Ordinal, "raw");

    /// <summary>Tags a template may use (closing and branch tags included).</summary>
    public static readonly FrozenSet<string> AllowedTags = FrozenSet.Create(
        StringComparer.Ordinal,
        "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for", "break", "continue", "endfor",
        "assign", "capture", "endcapture", "comment", "endcomment", "raw", "endraw");

    /// <summary>Tags that would load other templates or files.</summary>
    public static readonly FrozenSet<string> FileTags = FrozenSet.Create(
        StringComparer.Ordinal, "include", "render", "layout", "section", "extends", "block", "include_relative");

    /// <summary>Thread-safe once built: one parser serves every parse.</summary>
    public static FluidParser Parser { get; } = new(new FluidParserOptions { AllowFunctions = false, AllowLiquidTag = false });

    /// <summary>Names of the filters a template may use.</summary>
    public static FrozenSet<string> FilterNames { get; } = CreateOptions(LiquidSandboxOptions.Default).Filters
        .Select(f => f.Key)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Render options: built-in filters minus <see cref="DisallowedFilters"/>, no files, nothing reachable by reflection.</summary>
    public static TemplateOptions CreateOptions(LiquidSandboxOptions limits)
    {
        var options = new TemplateOptions
        {
            // Nothing is registered: values reach templates only as dictionaries and primitives built by PersonalizationValues.
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            FileProvider = new NullFileProvider(),
            MaxSteps = limits.MaxSteps,
            MaxRecursion = limits.MaxRecursion,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            StrictVariables = false,
            StrictFilters = false,
        };
        options.ValueConverters.Clear();
        foreach (var filter in DisallowedFilters)
        {
            options.Filters.Remove(filter);
        }

        return options;
    }
}
