namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A campaign's name and description, its values of the admin-defined campaign fields (already checked against their
/// <see cref="CampaignFieldDefinition"/>s and in their canonical text form), and free key/value attributes.
/// </summary>
public sealed record CampaignBasics(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, string> Attributes)
{
    public CampaignBasics(string name, string? description = null)
        : this(name, description, new Dictionary<string, string>(), new Dictionary<string, string>())
    {
    }
}
