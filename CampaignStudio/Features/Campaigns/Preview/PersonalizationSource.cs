using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Campaigns.Preview;

/// <summary>The personalisation a preview or a test send uses: the sample contact, or a chosen contact as stored.</summary>
public sealed class PersonalizationSource(ContactDirectory directory, PersonalizationContactLoader loader, EventNameCatalog events)
{
    /// <summary>
    /// The sample (with a sample value for every custom field and event), or contact <paramref name="contactId"/>
    /// with its typed custom fields and event aggregates.
    /// </summary>
    public async Task<PersonalizationModel> ForAsync(string campaignName, long? contactId, CancellationToken cancellationToken = default)
    {
        var customFields = await directory.CustomFieldsAsync(cancellationToken);
        var sample = PersonalizationSample.Create(
            customFields.Select(f => new PersonalizationCustomField(f.Key, f.Type, f.Label)), campaignName, await events.ListAsync(cancellationToken));
        return contactId is { } id ? sample with { Contact = await loader.LoadAsync(id, cancellationToken) } : sample;
    }
}
