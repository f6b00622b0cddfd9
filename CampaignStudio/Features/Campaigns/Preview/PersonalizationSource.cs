using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Campaigns.Preview;

/// <summary>The personalisation a preview or a test send uses: the sample contact, or a chosen contact as stored.</summary>
public sealed class PersonalizationSource(ContactDirectory directory, ContactService contacts)
{
    /// <summary>The sample (with a sample value for every custom field), or contact <paramref name="contactId"/>.</summary>
    public async Task<PersonalizationModel> ForAsync(string campaignName, long? contactId, CancellationToken cancellationToken = default)
    {
        var customFields = await directory.CustomFieldsAsync(cancellationToken);
        var sample = PersonalizationSample.Create(customFields.Select(f => new PersonalizationCustomField(f.Key, f.Type, f.Label)), campaignName);
        if (contactId is not { } id)
        {
            return sample;
        }

        var contact = await contacts.GetAsync(id, cancellationToken);
        return sample with
        {
            Contact = new PersonalizationContact
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
                Tags = contact.Tags,
                Fields = contact.Fields.ToDictionary(f => f.Key, f => (object?)f.Value, StringComparer.Ordinal),
            },
        };
    }
}
