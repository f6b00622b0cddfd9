using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Campaigns.Media;

/// <summary>Limits of the media library (<c>Campaigns:Media</c>).</summary>
public sealed class MediaLibraryOptions
{
    public const string SectionName = "Campaigns:Media";

    /// <summary>The largest image accepted, in bytes (default 5 MB; email clients load big images slowly).</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long browsers and mail clients may cache an image (an asset never changes, so long is safe).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromDays(365);
}
