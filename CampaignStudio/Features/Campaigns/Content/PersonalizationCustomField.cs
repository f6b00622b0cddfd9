using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>An admin-defined contact field a template may use as <c>contact.fields.&lt;key&gt;</c>.</summary>
/// <param name="Key">The field key, e.g. <c>dealer_tier</c>.</param>
/// <param name="Type">The field's type.</param>
/// <param name="Label">Its display name; the key when omitted.</param>
public sealed record PersonalizationCustomField(string Key, CustomFieldType Type, string? Label = null);
