using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// A contact as it arrives from the CRM API, a CSV row or a form. On an update, a null member means "leave as is";
/// tags are added; consents and custom fields given replace the stored ones for that channel or field.
/// </summary>
public sealed class ContactInput
{
    public string? ExternalId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Company { get; set; }

    public string? Country { get; set; }

    public string? Region { get; set; }

    public string? City { get; set; }

    public string? Language { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>YYYY-MM-DD.</summary>
    public string? BirthDate { get; set; }

    public List<string>? Tags { get; set; }

    /// <summary>Custom field key → raw value; validated by the field's type.</summary>
    public Dictionary<string, string?>? Fields { get; set; }

    public List<ConsentInput>? Consents { get; set; }

    public List<PushTokenInput>? PushTokens { get; set; }

    /// <summary>
    /// Fields to empty on an update, which a missing value never does: <c>firstName</c>, <c>lastName</c>,
    /// <c>company</c>, <c>country</c>, <c>region</c>, <c>city</c>, <c>language</c>, <c>timeZone</c>,
    /// <c>birthDate</c>, or <c>fields.&lt;key&gt;</c> for a custom field.
    /// </summary>
    public List<string>? Clear { get; set; }
}

public sealed class ConsentInput
{
    public Channel Channel { get; set; }

    public ConsentStatus Status { get; set; }

    public string? Source { get; set; }

    public string? WordingVersion { get; set; }

    /// <summary>When the consent was given or withdrawn; now when absent.</summary>
    public DateTimeOffset? RecordedAt { get; set; }
}

public sealed class PushTokenInput
{
    public string Token { get; set; } = "";

    public string? Platform { get; set; }
}
