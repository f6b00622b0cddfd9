using System.Globalization;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>Progress figures as people read them: counts, rates, remaining times, shares, skip reasons.</summary>
public static class ProgressText
{
    public static string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>"0", "0.4/s", "12/s", "1,250/s".</summary>
    public static string Rate(double perSecond) => perSecond switch
    {
        <= 0 => "0/s",
        < 10 => perSecond.ToString("0.#", CultureInfo.CurrentCulture) + "/s",
        _ => Math.Round(perSecond).ToString("N0", CultureInfo.CurrentCulture) + "/s",
    };

    /// <summary>"done", "under a minute", "about 12 min", "about 3 h 20 min", "about 2 days".</summary>
    public static string Remaining(TimeSpan remaining) => remaining switch
    {
        { TotalSeconds: <= 0 } => "done",
        { TotalSeconds: < 60 } => "under a minute",
        { TotalMinutes: < 60 } => $"about {Math.Ceiling(remaining.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min",
        { TotalHours: < 48 } => $"about {((int)remaining.TotalHours).ToString(CultureInfo.InvariantCulture)} h {remaining.Minutes.ToString(CultureInfo.InvariantCulture)} min",
        _ => $"about {Math.Round(remaining.TotalDays).ToString(CultureInfo.InvariantCulture)} days",
    };

    /// <summary>A share as a whole percentage, rounded down so that 100% means everything is done.</summary>
    public static string Percent(double share) => Math.Floor(share * 100).ToString(CultureInfo.InvariantCulture) + "%";

    public static string Reason(SkipReason reason) => reason switch
    {
        SkipReason.NoAddress => "No address",
        SkipReason.NoConsent => "No consent",
        SkipReason.Suppressed => "Suppressed",
        SkipReason.ConsentWithdrawn => "Consent withdrawn",
        SkipReason.ContactErased => "Contact erased",
        _ => reason.ToString(),
    };

    public static string Explain(SkipReason reason) => reason switch
    {
        SkipReason.NoAddress => "No email address, phone number or push token for the channel.",
        SkipReason.NoConsent => "The contact has not granted consent on the channel.",
        SkipReason.Suppressed => "The address is on the suppression list (unsubscribed, bounced, complained or added by hand).",
        SkipReason.ConsentWithdrawn => "Consent was withdrawn after sending started, before the message went out.",
        SkipReason.ContactErased => "The contact was erased after sending started.",
        _ => "",
    };
}
