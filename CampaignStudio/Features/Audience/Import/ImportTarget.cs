namespace CampaignStudio.Features.Audience.Import;

/// <summary>Where a CSV column can go: a contact field (<c>email</c>), a consent (<c>consent.sms</c>), a custom field (<c>field.dealer_tier</c>) or nowhere (<c>ignore</c>).</summary>
public sealed record ImportTarget(string Key, string Label, string Group)
{
    /// <summary>External id, email and phone identify a contact; an import needs at least one of them.</summary>
    public bool IsIdentifier => Key is ImportTargets.ExternalId or ImportTargets.Email or ImportTargets.Phone;
}
