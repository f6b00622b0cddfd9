using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// The notification centre's settings (<c>Notifications</c>), validated at start-up by
/// <see cref="NotificationOptionsValidator"/>.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    public const int MaxLeadTimes = 6;

    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(14);

    /// <summary>The lead times used when none are configured: a day and an hour before a campaign starts.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultLeadTimes = [TimeSpan.FromHours(24), TimeSpan.FromHours(1)];

    /// <summary>
    /// How long before a scheduled campaign starts people are told it is coming, e.g. <c>["24:00:00","01:00:00"]</c>;
    /// absent means <see cref="DefaultLeadTimes"/>. (Null rather than a default list: the configuration binder appends
    /// to a list it finds filled.)
    /// </summary>
    public TimeSpan[]? UpcomingLeadTimes { get; set; }

    /// <summary>False runs no "starting soon" scan in this instance (another instance may run it).</summary>
    public bool UpcomingEnabled { get; set; } = true;

    /// <summary>How often scheduled campaigns are checked against the lead times.</summary>
    [Range(1, 3600)]
    public int ScanIntervalSeconds { get; set; } = 30;

    /// <summary>The From address of notification emails when they go out over SMTP.</summary>
    [EmailAddress]
    public string EmailFrom { get; set; } = "notifications@campaignstudio.invalid";

    /// <summary>Tries of a notification email before it is given up (and logged as an error).</summary>
    [Range(1, 50)]
    public int EmailMaxAttempts { get; set; } = 5;

    /// <summary>The first retry of a failed notification email waits this long; each next one twice as long.</summary>
    [Range(1, 86_400)]
    public int EmailRetryBaseSeconds { get; set; } = 60;

    /// <summary>The lead times in force, longest first.</summary>
    public IReadOnlyList<TimeSpan> LeadTimes => [.. (UpcomingLeadTimes is { Length: > 0 } configured ? configured : DefaultLeadTimes).Distinct().OrderDescending()];
}
