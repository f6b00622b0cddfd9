using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Api;

/// <summary>API settings, bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Requests each API key may make per minute (a token bucket: up to this many at once, refilled evenly).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinutePerKey { get; set; } = 600;
}
