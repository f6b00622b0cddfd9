namespace CampaignStudio.Features.Tracking;

/// <summary>
/// A conversion reported through the API. Name the message it is attributed to in one of three ways: a tracking token
/// (<see cref="DeliveryToken"/>: the landing page's <c>d</c> parameter or click cookie), a <see cref="DeliveryId"/>,
/// or a contact (<see cref="ContactId"/> or <see cref="ContactExternalId"/>) with the <see cref="CampaignId"/>.
/// </summary>
public sealed class ConversionInput
{
    public string? DeliveryToken { get; set; }

    public long? DeliveryId { get; set; }

    public long? ContactId { get; set; }

    public string? ContactExternalId { get; set; }

    public int? CampaignId { get; set; }

    /// <summary>What happened, e.g. <c>purchase</c> or <c>signup</c> (at most 100 characters).</summary>
    public string? Name { get; set; }

    /// <summary>Its value (0 or more), in <see cref="Currency"/>.</summary>
    public decimal? Value { get; set; }

    /// <summary>ISO 4217 code, e.g. <c>INR</c>; needed with a value.</summary>
    public string? Currency { get; set; }
}
