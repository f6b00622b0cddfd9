using System.Text.RegularExpressions;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// The personalisation values a template may use in one place (a channel's field): which top-level objects exist and
/// which custom fields the workspace defines. The validator checks templates against it; editors list
/// <see cref="Fields"/> in their "insert field" menu.
/// </summary>
public sealed partial class PersonalizationFields
{
    private static readonly PersonalizationField[] StandardContactFields =
    [
        Contact(PersonalizationNames.FirstName, "First name", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.LastName, "Last name", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Email, "Email", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Phone, "Phone", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Company, "Company", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Country, "Country", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Region, "Region", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.City, "City", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Language, "Language", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.TimeZone, "Time zone", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.BirthDate, "Birth date", PersonalizationValueKind.Date),
        Contact(PersonalizationNames.ExternalId, "External id", PersonalizationValueKind.Text),
        Contact(PersonalizationNames.Tags, "Tags", PersonalizationValueKind.List),
    ];

    private static readonly PersonalizationField CampaignNameField =
        new(PersonalizationNames.Campaign + "." + PersonalizationNames.CampaignName, "Campaign name", PersonalizationValueKind.Text);

    private static readonly (PersonalizationObjects Object, PersonalizationField Field)[] LinkFields =
    [
        (PersonalizationObjects.UnsubscribeUrl, new(PersonalizationNames.UnsubscribeUrl, "Unsubscribe link", PersonalizationValueKind.Url)),
        (PersonalizationObjects.PreferencesUrl, new(PersonalizationNames.PreferencesUrl, "Preferences link", PersonalizationValueKind.Url)),
        (PersonalizationObjects.ViewInBrowserUrl, new(PersonalizationNames.ViewInBrowserUrl, "View in browser link", PersonalizationValueKind.Url)),
    ];

    private static readonly HashSet<string> AllStandardPaths =
        [.. StandardContactFields.Select(f => f.Path), CampaignNameField.Path, .. LinkFields.Select(l => l.Field.Path)];

    private readonly HashSet<string> fieldPaths;
    private readonly HashSet<string> objectPaths;

    private PersonalizationFields(PersonalizationObjects objects, IEnumerable<PersonalizationCustomField>? customFields, IEnumerable<string>? eventNames = null)
    {
        Objects = objects;
        CustomFields = (customFields ?? [])
            .Where(f => !string.IsNullOrWhiteSpace(f.Key))
            .DistinctBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        EventNames = (eventNames ?? [])
            .Where(IsEventFieldName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var fields = new List<PersonalizationField>();
        objectPaths = new HashSet<string>(StringComparer.Ordinal);
        if (objects.HasFlag(PersonalizationObjects.Contact))
        {
            objectPaths.Add(PersonalizationNames.Contact);
            objectPaths.Add(CustomFieldsObject);
            fields.AddRange(StandardContactFields);
            fields.AddRange(CustomFields.Select(f => new PersonalizationField(CustomFieldsObject + "." + f.Key, f.Label ?? f.Key, KindOf(f.Type))));
            objectPaths.Add(EventsObject);
            foreach (var name in EventNames)
            {
                var eventObject = EventsObject + "." + name;
                objectPaths.Add(eventObject);
                fields.Add(new(eventObject + "." + PersonalizationNames.EventCount, name + ": count", PersonalizationValueKind.Number));
                fields.Add(new(eventObject + "." + PersonalizationNames.EventTotal, name + ": total", PersonalizationValueKind.Number));
                fields.Add(new(eventObject + "." + PersonalizationNames.EventLast, name + ": last", PersonalizationValueKind.Date));
            }
        }

        if (objects.HasFlag(PersonalizationObjects.Campaign))
        {
            objectPaths.Add(PersonalizationNames.Campaign);
            fields.Add(CampaignNameField);
        }

        fields.AddRange(LinkFields.Where(l => objects.HasFlag(l.Object)).Select(l => l.Field));
        Fields = fields;
        fieldPaths = new HashSet<string>(fields.Select(f => f.Path), StringComparer.Ordinal);
    }

    /// <summary><c>contact.fields</c>, the object holding custom fields.</summary>
    public const string CustomFieldsObject = PersonalizationNames.Contact + "." + PersonalizationNames.Fields;

    /// <summary><c>contact.events</c>, the object holding behaviour-event aggregates by event name.</summary>
    public const string EventsObject = PersonalizationNames.Contact + "." + PersonalizationNames.Events;

    /// <summary>No personalisation at all: every variable is unknown.</summary>
    public static PersonalizationFields None { get; } = new(PersonalizationObjects.None, null);

    /// <summary>The top-level objects available.</summary>
    public PersonalizationObjects Objects { get; }

    /// <summary>The workspace's custom fields (<c>contact.fields.*</c>), when <c>contact</c> is available.</summary>
    public IReadOnlyList<PersonalizationCustomField> CustomFields { get; }

    /// <summary>
    /// The workspace's event names offered as <c>contact.events.&lt;name&gt;.*</c> (only those that are plain identifiers,
    /// <c>^[a-z][a-z0-9_]*$</c>), sorted, when <c>contact</c> is available.
    /// </summary>
    public IReadOnlyList<string> EventNames { get; }

    /// <summary>Every value a template may insert here, in picker order.</summary>
    public IReadOnlyList<PersonalizationField> Fields { get; }

    /// <summary>The fields for an explicit set of top-level objects.</summary>
    public static PersonalizationFields Create(PersonalizationObjects objects, IEnumerable<PersonalizationCustomField>? customFields = null, IEnumerable<string>? eventNames = null) =>
        new(objects, customFields, eventNames);

    /// <summary>The fields a channel offers (see <see cref="ObjectsFor"/>).</summary>
    public static PersonalizationFields ForChannel(Channel channel, IEnumerable<PersonalizationCustomField>? customFields = null, IEnumerable<string>? eventNames = null) =>
        new(ObjectsFor(channel), customFields, eventNames);

    /// <summary>
    /// True when an event name can be a template path segment (<c>lifting</c>, <c>order_paid</c>); names with '.' or '-'
    /// (which events allow) cannot be written as <c>contact.events.&lt;name&gt;</c> and are left out.
    /// </summary>
    public static bool IsEventFieldName(string? name) => name is not null && EventFieldName().IsMatch(name);

    /// <summary>
    /// The top-level objects of a channel: email has the contact, the campaign and all three links; SMS has the contact,
    /// the campaign and an unsubscribe link (a short opt-out page); WhatsApp and push have the contact and the campaign.
    /// </summary>
    public static PersonalizationObjects ObjectsFor(Channel channel) => channel switch
    {
        Channel.Email => PersonalizationObjects.All,
        Channel.Sms => PersonalizationObjects.Contact | PersonalizationObjects.Campaign | PersonalizationObjects.UnsubscribeUrl,
        Channel.WhatsApp or Channel.Push => PersonalizationObjects.Contact | PersonalizationObjects.Campaign,
        _ => PersonalizationObjects.None,
    };

    /// <summary>True when <paramref name="path"/> is a value available here (<c>contact.first_name</c>, <c>unsubscribe_url</c>).</summary>
    public bool IsField(string path) => fieldPaths.Contains(path);

    /// <summary>True when <paramref name="path"/> is an object available here (<c>contact</c>, <c>contact.fields</c>, <c>campaign</c>).</summary>
    public bool IsObject(string path) => objectPaths.Contains(path);

    /// <summary>The field at <paramref name="path"/>, or null.</summary>
    public PersonalizationField? Find(string path) => Fields.FirstOrDefault(f => f.Path == path);

    /// <summary>True when <paramref name="path"/> names a built-in value of some channel, available here or not.</summary>
    internal static bool IsStandardPath(string path) => AllStandardPaths.Contains(path);

    internal static PersonalizationValueKind KindOf(CustomFieldType type) => type switch
    {
        CustomFieldType.Number => PersonalizationValueKind.Number,
        CustomFieldType.Date => PersonalizationValueKind.Date,
        CustomFieldType.Boolean => PersonalizationValueKind.Boolean,
        _ => PersonalizationValueKind.Text,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex EventFieldName();

    private static PersonalizationField Contact(string name, string label, PersonalizationValueKind kind) =>
        new(PersonalizationNames.Contact + "." + name, label, kind);
}
