using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A <see cref="ContactInput"/> that passed validation: trimmed, typed and normalised (email lower-case, phone E.164).</summary>
public sealed record NormalizedContact(
    string? ExternalId,
    string? Email,
    string? EmailDomain,
    string? Phone,
    string? PhoneRegion,
    string? FirstName,
    string? LastName,
    string? Company,
    string? Country,
    string? Region,
    string? City,
    string? Language,
    string? TimeZone,
    DateOnly? BirthDate,
    IReadOnlyList<string> Tags,
    IReadOnlyList<(CustomFieldDefinition Field, CustomFieldValue? Value)> Fields,
    IReadOnlyList<(Channel Channel, ConsentStatus Status, string? Source, string? WordingVersion, DateTime? RecordedUtc)> Consents,
    IReadOnlyList<(string Token, string? Platform)> PushTokens,
    IReadOnlySet<string>? Cleared = null)
{
    /// <summary>The standard fields an update empties (see <see cref="ContactInput.Clear"/>); custom fields to empty come as null values in <see cref="Fields"/>.</summary>
    public static readonly IReadOnlySet<string> Clearable = new HashSet<string>(StringComparer.Ordinal)
    {
        "firstName", "lastName", "company", "country", "region", "city", "language", "timeZone", "birthDate",
    };

    public bool Clears(string field) => Cleared?.Contains(field) == true;

    public bool HasIdentity => ExternalId is not null || Email is not null || Phone is not null;
}
