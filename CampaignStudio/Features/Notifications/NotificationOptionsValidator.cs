using System.Globalization;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Notifications;

/// <summary>The rules of <see cref="NotificationOptions"/> beyond ranges: lead times that make sense, each failure naming the setting.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private const string LeadTimesSetting = NotificationOptions.SectionName + ":" + nameof(NotificationOptions.UpcomingLeadTimes);

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        var leadTimes = options.UpcomingLeadTimes ?? [];
        if (leadTimes.Length > NotificationOptions.MaxLeadTimes)
        {
            failures.Add($"{LeadTimesSetting} holds {leadTimes.Length.ToString(CultureInfo.InvariantCulture)} lead times; at most {NotificationOptions.MaxLeadTimes.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }

        foreach (var leadTime in leadTimes)
        {
            if (leadTime < TimeSpan.FromMinutes(1) || leadTime > NotificationOptions.MaxLeadTime)
            {
                failures.Add($"{LeadTimesSetting}: {leadTime.ToString("c", CultureInfo.InvariantCulture)} is not a lead time between 00:01:00 and 14.00:00:00 (e.g. \"24:00:00\" for a day, \"01:00:00\" for an hour).");
            }
        }

        if (leadTimes.Distinct().Count() != leadTimes.Length)
        {
            failures.Add($"{LeadTimesSetting} names the same lead time twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
