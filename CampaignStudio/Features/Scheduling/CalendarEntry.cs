using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// A campaign as the calendar shows it. <see cref="StartUtc"/> is when it goes out (a draft's or scheduled campaign's
/// send time) or went out (when sending started; the send time for one that failed before starting).
/// </summary>
public sealed record CalendarEntry(
    int Id,
    string Name,
    CampaignStatus Status,
    IReadOnlyList<Channel> Channels,
    string CreatedById,
    string CreatedByName,
    int? EstimatedAudience,
    CampaignScheduleKind? ScheduleKind,
    DateTime StartUtc,
    DateTime? CompletedUtc,
    DateOnly? RecipientLocalDate,
    TimeOnly? RecipientLocalTime,
    int Revision)
{
    /// <summary>Whether it still goes out at its recipients' own local time (so it is shown at that wall-clock time).</summary>
    public bool IsRecipientLocal => ScheduleKind == CampaignScheduleKind.RecipientLocalTime
        && Status is CampaignStatus.Draft or CampaignStatus.Scheduled
        && RecipientLocalDate is not null && RecipientLocalTime is not null;

    /// <summary>Only drafts and scheduled campaigns move to another time; the server says so too.</summary>
    public bool CanMove => Status is CampaignStatus.Draft or CampaignStatus.Scheduled;

    /// <summary>
    /// Where it sits on a calendar in <paramref name="zone"/>: its start in that zone, or for a recipient-local-time
    /// campaign the local date and time every recipient gets it at.
    /// </summary>
    public DateTime LocalStartIn(TimeZoneInfo zone) => IsRecipientLocal
        ? RecipientLocalDate!.Value.ToDateTime(RecipientLocalTime!.Value)
        : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(StartUtc, DateTimeKind.Utc), zone);
}
