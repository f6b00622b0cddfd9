namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A segment's rules: one root group of conditions and nested groups. Stored as JSON (see <see cref="SegmentJson"/>);
/// <see cref="Version"/> names the shape so that a later shape can read and upgrade older rules.
/// </summary>
public sealed class SegmentDefinition
{
    /// <summary>The shape this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public RuleGroup Root { get; set; } = new();
}
