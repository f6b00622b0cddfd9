using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A made-up recipient for previews and test sends, so a template can be seen filled in before any real contact is chosen.</summary>
public static class PersonalizationSample
{
    /// <summary>The sample contact's standard values.</summary>
    public static PersonalizationContact Contact { get; } = new()
    {
        FirstName = "Asha",
        LastName = "Patil",
        Email = "asha.patil@example.com",
        Phone = "+919820012345",
        Company = "Patil Cement Depot",
        Country = "IN",
        Region = "Maharashtra",
        City = "Pune",
        Language = "en",
        TimeZone = "Asia/Kolkata",
        BirthDate = new DateOnly(1988, 4, 12),
        ExternalId = "CRM-10042",
        Tags = ["dealer", "vip"],
        Events = new Dictionary<string, PersonalizationEventSummary>(StringComparer.Ordinal)
        {
            ["lifting"] = new(12, 486.5m, new DateTime(2025, 1, 28, 10, 30, 0, DateTimeKind.Utc)),
            ["purchase"] = new(3, 125000m, new DateTime(2025, 1, 20, 15, 45, 0, DateTimeKind.Utc)),
        },
    };

    /// <summary>A model with the sample contact, a sample value for every custom field, the campaign name and example links.</summary>
    public static PersonalizationModel Create(IEnumerable<PersonalizationCustomField>? customFields = null, string? campaignName = null, IEnumerable<string>? eventNames = null) => new()
    {
        Contact = Contact with
        {
            Fields = (customFields ?? [])
                .DistinctBy(f => f.Key, StringComparer.Ordinal)
                .ToDictionary(f => f.Key, SampleValue, StringComparer.Ordinal),
            Events = SampleEvents(eventNames),
        },
        CampaignName = string.IsNullOrWhiteSpace(campaignName) ? "Monsoon offer" : campaignName,
        UnsubscribeUrl = "https://example.com/u/sample",
        PreferencesUrl = "https://example.com/p/sample",
        ViewInBrowserUrl = "https://example.com/v/sample",
    };

    /// <summary>The sample model for what <paramref name="fields"/> offers (its custom fields and events included).</summary>
    public static PersonalizationModel For(PersonalizationFields fields, string? campaignName = null) => Create(fields.CustomFields, campaignName, fields.EventNames);

    /// <summary>The sample <c>lifting</c> and <c>purchase</c> summaries, plus a plausible one for every other event name.</summary>
    private static Dictionary<string, PersonalizationEventSummary> SampleEvents(IEnumerable<string>? eventNames)
    {
        var events = new Dictionary<string, PersonalizationEventSummary>(Contact.Events, StringComparer.Ordinal);
        foreach (var name in (eventNames ?? []).Where(PersonalizationFields.IsEventFieldName))
        {
            events.TryAdd(name, new PersonalizationEventSummary(5, 50m, new DateTime(2025, 1, 25, 9, 0, 0, DateTimeKind.Utc)));
        }

        return events;
    }

    /// <summary>A plausible value of a custom field's type.</summary>
    public static object? SampleValue(PersonalizationCustomField field) => field.Type switch
    {
        CustomFieldType.Number => 42m,
        CustomFieldType.Date => new DateOnly(2025, 1, 15),
        CustomFieldType.Boolean => true,
        _ => "Sample " + (field.Label ?? field.Key).Replace('_', ' '),
    };
}
