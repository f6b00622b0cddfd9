using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>Audience settings, bound from the <c>Audience</c> section.</summary>
public sealed class AudienceOptions
{
    public const string SectionName = "Audience";

    /// <summary>Region assumed for phone numbers written without a country code (ISO 3166-1 alpha-2), unless the contact's own country says otherwise.</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Audience:DefaultPhoneRegion must be a two-letter country code such as IN or US.")]
    public string DefaultPhoneRegion { get; set; } = "IN";

    /// <summary>Most contacts or events one API call may carry.</summary>
    [Range(1, 10_000)]
    public int MaxApiBatch { get; set; } = 1000;
}
