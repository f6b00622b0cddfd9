using System.Linq.Expressions;
using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>The standard contact fields a <see cref="FieldCondition"/> can name.</summary>
public static class ContactFields
{
    public static IReadOnlyList<ContactField> All { get; } =
    [
        Text("firstName", "First name", c => c.FirstName),
        Text("lastName", "Last name", c => c.LastName),
        Text("company", "Company", c => c.Company),
        Text("country", "Country", c => c.Country),
        Text("region", "Region", c => c.Region),
        Text("city", "City", c => c.City),
        Text("language", "Language", c => c.Language),
        Text("timeZone", "Time zone", c => c.TimeZone),
        Text("emailDomain", "Email domain", c => c.EmailDomain),
        Text("phoneRegion", "Phone region", c => c.PhoneRegion),
        Presence("email", "Email", c => c.EmailHash != null),
        Presence("phone", "Phone", c => c.PhoneHash != null),
        new("birthDate", "Birth date", RuleFieldKind.Date, (Expression<Func<Contact, DateOnly?>>)(c => c.BirthDate)),
        new("createdAt", "Created", RuleFieldKind.Instant, (Expression<Func<Contact, DateTime?>>)(c => c.CreatedUtc)),
    ];

    /// <summary>The field named <paramref name="name"/> (any case), or null.</summary>
    public static ContactField? Find(string? name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ContactField Text(string name, string label, Expression<Func<Contact, string?>> selector) =>
        new(name, label, RuleFieldKind.Text, selector);

    private static ContactField Presence(string name, string label, Expression<Func<Contact, bool>> selector) =>
        new(name, label, RuleFieldKind.Presence, selector);
}
