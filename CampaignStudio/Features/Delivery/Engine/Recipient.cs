using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// One contact as the engine sees it just before a send: the decrypted address for the channel (or the push tokens),
/// whether consent is granted now and whether the address is suppressed now, and what the templates need.
/// </summary>
public sealed record Recipient(long ContactId)
{
    public string? Address { get; init; }

    /// <summary>The blind index of <see cref="Address"/> (as on the contact), for the suppression list.</summary>
    public byte[]? AddressHash { get; init; }

    public IReadOnlyList<string> Tokens { get; init; } = [];

    public string? DisplayName { get; init; }

    public ConsentStatus Consent { get; init; }

    public bool Suppressed { get; init; }

    public PersonalizationContact Personalization { get; init; } = new();

    public bool HasAddress => Address is not null || Tokens.Count > 0;
}
