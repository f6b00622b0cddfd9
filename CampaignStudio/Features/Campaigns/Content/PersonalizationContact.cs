namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// The recipient's values as a template sees them (<c>contact.*</c>). Plain values only: templates never reach the
/// entity behind them. Custom field values may be text, numbers, booleans, dates or lists of text.
/// </summary>
public sealed record PersonalizationContact
{
    /// <summary><c>contact.first_name</c>.</summary>
    public string? FirstName { get; init; }

    /// <summary><c>contact.last_name</c>.</summary>
    public string? LastName { get; init; }

    /// <summary><c>contact.email</c>.</summary>
    public string? Email { get; init; }

    /// <summary><c>contact.phone</c>.</summary>
    public string? Phone { get; init; }

    /// <summary><c>contact.company</c>.</summary>
    public string? Company { get; init; }

    /// <summary><c>contact.country</c>.</summary>
    public string? Country { get; init; }

    /// <summary><c>contact.region</c>.</summary>
    public string? Region { get; init; }

    /// <summary><c>contact.city</c>.</summary>
    public string? City { get; init; }

    /// <summary><c>contact.language</c>.</summary>
    public string? Language { get; init; }

    /// <summary><c>contact.time_zone</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary><c>contact.birth_date</c>.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary><c>contact.external_id</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary><c>contact.tags</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>contact.fields.&lt;key&gt;</c>: custom field values by key; a missing key renders empty.</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// <c>contact.events.&lt;name&gt;.count|total|last</c>: the contact's behaviour-event aggregates by event name. An event
    /// the contact never had is simply absent, so its count, total and last render empty (like any missing value); use
    /// <c>| default: 0</c> in a template for a zero.
    /// </summary>
    public IReadOnlyDictionary<string, PersonalizationEventSummary> Events { get; init; } = new Dictionary<string, PersonalizationEventSummary>();
}
