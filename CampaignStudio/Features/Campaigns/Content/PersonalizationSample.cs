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
    };

    /// <summary>A model with the sample contact, a sample value for every custom field, the campaign name and example links.</summary>
    public static PersonalizationModel Create(IEnumerable<PersonalizationCustomField>? customFields = null, string? campaignName = null) => new()
    {
        Contact = Contact with
        {
            Fields = (customFields ?? [])
                .DistinctBy(f => f.Key, StringComparer.Ordinal)
                .ToDictionary(f => f.Key, SampleValue, StringComparer.Ordinal),
        },
        CampaignName = string.IsNullOrWhiteSpace(campaignName) ? "Monsoon offer" : campaignName,
        UnsubscribeUrl = "https://example.com/u/sample",
        PreferencesUrl = "https://example.com/p/sample",
        ViewInBrowserUrl = "https://example.com/v/sample",
    };

    /// <summary>The sample model for what <paramref name="fields"/> offers (its custom fields included).</summary>
    public static PersonalizationModel For(PersonalizationFields fields, string? campaignName = null) => Create(fields.CustomFields, campaignName);

    /// <summary>A plausible value of a custom field's type.</summary>
    public static object? SampleValue(PersonalizationCustomField field) => field.Type switch
    {
        CustomFieldType.Number => 42m,
        CustomFieldType.Date => new DateOnly(2025, 1, 15),
        CustomFieldType.Boolean => true,
        _ => "Sample " + (field.Label ?? field.Key).Replace('_', ' '),
    };
}
