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
    IReadOnlyList<(string Token, string? Platform)> PushTokens)
{
    public bool HasIdentity => ExternalId is not null || Email is not null || Phone is not null;
}
