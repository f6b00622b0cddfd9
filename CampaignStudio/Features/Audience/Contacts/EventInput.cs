using System.Text.Json;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A behaviour event from the CRM: who (contact id, external id or email), what, when, how much.</summary>
public sealed class EventInput
{
    public long? ContactId { get; set; }

    public string? ExternalId { get; set; }

    public string? Email { get; set; }

    /// <summary>e.g. <c>lifting</c>, <c>purchase</c>, <c>login</c>: lower-case letters, digits, '_', '.', '-'.</summary>
    public string Name { get; set; } = "";

    public DateTimeOffset? OccurredAt { get; set; }

    public decimal? Value { get; set; }

    /// <summary>A JSON object; its numeric members (e.g. <c>"mt": 42.5</c>) can be aggregated by segment rules.</summary>
    public JsonElement? Properties { get; set; }
}
