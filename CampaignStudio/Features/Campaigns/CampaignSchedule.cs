using System.Globalization;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// When a campaign goes out. <see cref="CampaignScheduleKind.At"/> keeps the local date and time and the IANA zone
/// as chosen, and the UTC instant they meant when chosen. <see cref="CampaignScheduleKind.RecipientLocalTime"/>
/// keeps the local date and time of day, and the UTC window in which that local time occurs somewhere on Earth
/// (UTC+14 first, UTC−12 last).
/// </summary>
public sealed record CampaignSchedule
{
    /// <summary>The earliest UTC offset in use (Kiribati, UTC+14): where a local time arrives first.</summary>
    public static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(14);

    /// <summary>The latest UTC offset (UTC−12): where a local time arrives last.</summary>
    public static readonly TimeSpan LatestOffset = TimeSpan.FromHours(-12);

    private CampaignSchedule(CampaignScheduleKind kind, DateOnly? localDate, TimeOnly? localTime, string? timeZone, DateTime? earliestUtc, DateTime? latestUtc)
    {
        Kind = kind;
        LocalDate = localDate;
        LocalTime = localTime;
        TimeZone = timeZone;
        EarliestUtc = earliestUtc;
        LatestUtc = latestUtc;
    }

    public CampaignScheduleKind Kind { get; }

    public DateOnly? LocalDate { get; }

    public TimeOnly? LocalTime { get; }

    /// <summary>The IANA zone of <see cref="CampaignScheduleKind.At"/>, e.g. <c>Asia/Kolkata</c>.</summary>
    public string? TimeZone { get; }

    /// <summary>The instant of <see cref="CampaignScheduleKind.At"/>, or the start of the recipient-local window; none for send-now.</summary>
    public DateTime? EarliestUtc { get; }

    /// <summary>The end of the recipient-local window (when the last time zone reaches the local time).</summary>
    public DateTime? LatestUtc { get; }

    public static CampaignSchedule SendNow() => new(CampaignScheduleKind.SendNow, null, null, null, null, null);

    /// <summary>
    /// A local date and time in <paramref name="timeZoneId"/> (IANA). A time skipped by a daylight-saving change is
    /// refused; a time that occurs twice means its first occurrence.
    /// </summary>
    public static CampaignSchedule At(DateOnly date, TimeOnly time, string? timeZoneId)
    {
        var zone = FindZone(timeZoneId);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            throw ValidationFailedException.For("schedule.time", $"{Format(date, time)} does not exist in {zone.Id}: the clocks skip it for daylight saving. Choose another time.");
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        var utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        return new CampaignSchedule(CampaignScheduleKind.At, date, time, zone.Id, utc, null);
    }

    public static CampaignSchedule AtRecipientLocalTime(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Utc);
        return new CampaignSchedule(CampaignScheduleKind.RecipientLocalTime, date, time, null, local - EarliestOffset, local - LatestOffset);
    }

    /// <summary>Rebuilds a stored schedule without recomputing it (zone rules may have changed since).</summary>
    internal static CampaignSchedule Restore(CampaignScheduleKind kind, DateOnly? date, TimeOnly? time, string? timeZone, DateTime? earliestUtc, DateTime? latestUtc) =>
        new(kind, date, time, timeZone, earliestUtc, latestUtc);

    /// <summary>Why the schedule cannot be used at <paramref name="nowUtc"/>, or null.</summary>
    public string? ProblemAt(DateTime nowUtc) => Kind switch
    {
        CampaignScheduleKind.At when EarliestUtc <= nowUtc =>
            $"The send time {Format(LocalDate!.Value, LocalTime!.Value)} ({TimeZone}) has passed; choose a later time.",
        CampaignScheduleKind.RecipientLocalTime when EarliestUtc <= nowUtc =>
            $"{Format(LocalDate!.Value, LocalTime!.Value)} has already begun in the earliest time zones ({FormatUtc(EarliestUtc!.Value)}); choose a later date or time so every recipient gets it at that local time.",
        _ => null,
    };

    /// <summary>In words, for people and the change log.</summary>
    public string Describe() => Kind switch
    {
        CampaignScheduleKind.SendNow => "Send as soon as it is scheduled",
        CampaignScheduleKind.At => $"Send at {Format(LocalDate!.Value, LocalTime!.Value)} {TimeZone} ({FormatUtc(EarliestUtc!.Value)})",
        CampaignScheduleKind.RecipientLocalTime => $"Send at {Format(LocalDate!.Value, LocalTime!.Value)} in each recipient's time zone (between {FormatUtc(EarliestUtc!.Value)} and {FormatUtc(LatestUtc!.Value)})",
        _ => Kind.ToString(),
    };

    internal static string FormatUtc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Format(DateOnly date, TimeOnly time) =>
        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw ValidationFailedException.For("schedule.timeZone", "Choose a time zone.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) || !zone.HasIanaId)
        {
            throw ValidationFailedException.For("schedule.timeZone", $"'{id}' is not a time zone name such as Asia/Kolkata or Europe/Berlin.");
        }

        return zone;
    }
}
