using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Identity;

/// <summary>Sign-in and session settings, bound from the <c>Access</c> section.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>How often an open circuit re-checks its user (deactivated? roles changed?). At most a minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Access:RevalidationInterval must be between 1 second and 1 minute.")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100)]
    public int MaxFailedSignInAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;
}
