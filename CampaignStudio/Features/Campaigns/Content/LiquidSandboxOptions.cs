using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>The limits every render runs under, so a template cannot run away with CPU time or memory.</summary>
public sealed class LiquidSandboxOptions
{
    /// <summary>Configuration section, under which these limits may be overridden.</summary>
    public const string SectionName = "Campaigns:Liquid";

    /// <summary>Default limits.</summary>
    public static LiquidSandboxOptions Default { get; } = new();

    /// <summary>Most characters one render may produce.</summary>
    [Range(1, 50_000_000)]
    public int MaxOutputLength { get; init; } = 1_000_000;

    /// <summary>Most iterations of any <c>for</c> loop: a loop's <c>limit</c> is capped at this.</summary>
    [Range(1, 100_000)]
    public int MaxLoopIterations { get; init; } = 100;

    /// <summary>Most statements one render may execute.</summary>
    [Range(100, 10_000_000)]
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Deepest nesting of blocks.</summary>
    [Range(1, 1000)]
    public int MaxRecursion { get; init; } = 64;

    /// <summary>Longest one render may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
}
