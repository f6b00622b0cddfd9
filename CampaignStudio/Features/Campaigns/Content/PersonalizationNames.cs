namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>The names templates use for personalisation values, e.g. <c>{{ contact.first_name }}</c>.</summary>
public static class PersonalizationNames
{
    /// <summary>The recipient: <c>contact.*</c>.</summary>
    public const string Contact = "contact";

    /// <summary>The campaign being sent: <c>campaign.*</c>.</summary>
    public const string Campaign = "campaign";

    /// <summary>The recipient's custom fields: <c>contact.fields.&lt;key&gt;</c>.</summary>
    public const string Fields = "fields";

    /// <summary>The recipient's behaviour-event aggregates: <c>contact.events.&lt;name&gt;.count|total|last</c>.</summary>
    public const string Events = "events";

    /// <summary><c>contact.events.&lt;name&gt;.count</c>: how many times the event happened.</summary>
    public const string EventCount = "count";

    /// <summary><c>contact.events.&lt;name&gt;.total</c>: the sum of the events' values.</summary>
    public const string EventTotal = "total";

    /// <summary><c>contact.events.&lt;name&gt;.last</c>: when it last happened (UTC).</summary>
    public const string EventLast = "last";

    /// <summary>Link that unsubscribes the recipient from the channel.</summary>
    public const string UnsubscribeUrl = "unsubscribe_url";

    /// <summary>Link to the recipient's subscription preferences.</summary>
    public const string PreferencesUrl = "preferences_url";

    /// <summary>Link to the email as a web page.</summary>
    public const string ViewInBrowserUrl = "view_in_browser_url";

    /// <summary><c>campaign.name</c>.</summary>
    public const string CampaignName = "name";

    /// <summary><c>contact.first_name</c>.</summary>
    public const string FirstName = "first_name";

    /// <summary><c>contact.last_name</c>.</summary>
    public const string LastName = "last_name";

    /// <summary><c>contact.email</c>.</summary>
    public const string Email = "email";

    /// <summary><c>contact.phone</c> (E.164).</summary>
    public const string Phone = "phone";

    /// <summary><c>contact.company</c>.</summary>
    public const string Company = "company";

    /// <summary><c>contact.country</c> (ISO 3166-1 alpha-2).</summary>
    public const string Country = "country";

    /// <summary><c>contact.region</c>.</summary>
    public const string Region = "region";

    /// <summary><c>contact.city</c>.</summary>
    public const string City = "city";

    /// <summary><c>contact.language</c>.</summary>
    public const string Language = "language";

    /// <summary><c>contact.time_zone</c> (IANA name).</summary>
    public const string TimeZone = "time_zone";

    /// <summary><c>contact.birth_date</c> (<c>yyyy-MM-dd</c>; use the <c>date</c> filter to format it).</summary>
    public const string BirthDate = "birth_date";

    /// <summary><c>contact.external_id</c>, the contact's id in the CRM.</summary>
    public const string ExternalId = "external_id";

    /// <summary><c>contact.tags</c>, a list.</summary>
    public const string Tags = "tags";
}
