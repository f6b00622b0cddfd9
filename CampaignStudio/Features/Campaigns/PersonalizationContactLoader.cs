using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A real contact as a template sees it, for "preview as a contact": standard values (email and phone decrypted by
/// <see cref="ContactService"/>), tags, and custom field values typed as their definitions say.
/// </summary>
public sealed class PersonalizationContactLoader(ContactService contacts, CustomFieldService customFields)
{
    public async Task<PersonalizationContact> LoadAsync(long contactId, CancellationToken cancellationToken = default)
    {
        var contact = await contacts.GetAsync(contactId, cancellationToken);
        var types = (await customFields.ListAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Type, StringComparer.Ordinal);
        return Map(contact, types);
    }

    public static PersonalizationContact Map(ContactDetails contact, IReadOnlyDictionary<string, CustomFieldType> types) => new()
    {
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        Email = contact.Email,
        Phone = contact.Phone,
        Company = contact.Company,
        Country = contact.Country,
        Region = contact.Region,
        City = contact.City,
        Language = contact.Language,
        TimeZone = contact.TimeZone,
        BirthDate = contact.BirthDate,
        ExternalId = contact.ExternalId,
        Tags = [.. contact.Tags],
        Fields = contact.Fields.ToDictionary(f => f.Key, f => Typed(f.Value, types.GetValueOrDefault(f.Key, CustomFieldType.Text)), StringComparer.Ordinal),
    };

    private static object? Typed(string value, CustomFieldType type) => type switch
    {
        CustomFieldType.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        CustomFieldType.Date when DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) => date,
        CustomFieldType.Boolean when bool.TryParse(value, out var flag) => flag,
        _ => value,
    };
}
