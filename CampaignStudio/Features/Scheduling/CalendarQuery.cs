using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// The days a calendar shows, <see cref="From"/> up to (not including) <see cref="To"/>, as they fall in the viewer's
/// <see cref="TimeZone"/> (IANA), with optional filters by channel and creator.
/// </summary>
public sealed record CalendarQuery
{
    /// <summary>The most days one query may cover (a month view with its leading and trailing days fits).</summary>
    public const int MaxDays = 62;

    public required DateOnly From { get; init; }

    /// <summary>The first day not shown.</summary>
    public required DateOnly To { get; init; }

    public string TimeZone { get; init; } = "UTC";

    /// <summary>Only campaigns that send on this channel (among others).</summary>
    public Channel? Channel { get; init; }

    /// <summary>Only campaigns this user created.</summary>
    public string? CreatedById { get; init; }
}
