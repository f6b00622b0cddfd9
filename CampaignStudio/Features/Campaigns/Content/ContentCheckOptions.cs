using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Thresholds of the content checks.</summary>
public sealed class ContentCheckOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Campaigns:Content";

    /// <summary>Default thresholds.</summary>
    public static ContentCheckOptions Default { get; } = new();

    /// <summary>An SMS longer than this many segments gets a warning (each segment is billed).</summary>
    [Range(1, 10)]
    public int MaxSmsSegments { get; init; } = 3;

    /// <summary>Most characters SMS providers accept in one message (an error above it).</summary>
    [Range(160, 10_000)]
    public int MaxSmsCharacters { get; init; } = 1600;

    /// <summary>A subject longer than this gets a warning (inboxes cut it).</summary>
    [Range(20, 1000)]
    public int SubjectWarningLength { get; init; } = 100;

    /// <summary>An HTML body larger than this many bytes gets a warning (Gmail clips messages over about 102 KB).</summary>
    [Range(1024, 10_000_000)]
    public int EmailHtmlWarningBytes { get; init; } = 102_000;

    /// <summary>A push title longer than this gets a warning (lock screens cut it).</summary>
    [Range(10, 1000)]
    public int PushTitleWarningLength { get; init; } = 65;

    /// <summary>A push body longer than this gets a warning (lock screens cut it).</summary>
    [Range(10, 4000)]
    public int PushBodyWarningLength { get; init; } = 240;
}
