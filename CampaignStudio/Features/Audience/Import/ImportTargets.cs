using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>The targets a CSV column can map to, and the proposal of a mapping from the file's header names.</summary>
public static class ImportTargets
{
    public const string Ignore = "ignore";
    public const string ExternalId = "externalId";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Company = "company";
    public const string Country = "country";
    public const string Region = "region";
    public const string City = "city";
    public const string Language = "language";
    public const string TimeZone = "timeZone";
    public const string BirthDate = "birthDate";
    public const string Tags = "tags";
    public const string ConsentPrefix = "consent.";
    public const string FieldPrefix = "field.";

    public static readonly string ConsentEmail = ConsentKey(Channel.Email);
    public static readonly string ConsentSms = ConsentKey(Channel.Sms);
    public static readonly string ConsentWhatsApp = ConsentKey(Channel.WhatsApp);
    public static readonly string ConsentPush = ConsentKey(Channel.Push);

    private const string ContactGroup = "Contact";
    private const string ConsentGroup = "Consent";
    private const string FieldGroup = "Custom fields";

    /// <summary>The standard targets, in the order the mapping step lists them.</summary>
    public static IReadOnlyList<ImportTarget> Standard { get; } =
    [
        new(Ignore, "Ignore this column", ""),
        new(ExternalId, "External id", ContactGroup),
        new(Email, "Email", ContactGroup),
        new(Phone, "Phone", ContactGroup),
        new(FirstName, "First name", ContactGroup),
        new(LastName, "Last name", ContactGroup),
        new(Company, "Company", ContactGroup),
        new(Country, "Country (ISO code)", ContactGroup),
        new(Region, "Region / state", ContactGroup),
        new(City, "City", ContactGroup),
        new(Language, "Language", ContactGroup),
        new(TimeZone, "Time zone", ContactGroup),
        new(BirthDate, "Birth date", ContactGroup),
        new(Tags, "Tags (split on ; or |)", ContactGroup),
        new(ConsentEmail, "Email consent", ConsentGroup),
        new(ConsentSms, "SMS consent", ConsentGroup),
        new(ConsentWhatsApp, "WhatsApp consent", ConsentGroup),
        new(ConsentPush, "Push consent", ConsentGroup),
    ];

    public static string ConsentKey(Channel channel) => ConsentPrefix + channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        Channel.WhatsApp => "whatsApp",
        Channel.Push => "push",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static string FieldKey(string customFieldKey) => FieldPrefix + customFieldKey;

    /// <summary>The standard targets followed by one per existing custom field.</summary>
    public static IReadOnlyList<ImportTarget> All(IEnumerable<CustomFieldDefinition> fields) =>
        [.. Standard, .. fields.OrderBy(f => f.Label, StringComparer.OrdinalIgnoreCase).Select(f => new ImportTarget(FieldKey(f.Key), f.Label, FieldGroup))];

    /// <summary>The channel a <c>consent.*</c> target stands for, or null.</summary>
    public static Channel? ConsentChannel(string target) =>
        Enum.GetValues<Channel>().Cast<Channel?>().FirstOrDefault(c => ConsentKey(c!.Value) == target);

    /// <summary>Reads a consent cell: granted/yes/true/1 or withdrawn/no/false/0 (any case); null when blank; throws nothing, returns false when unreadable.</summary>
    public static bool TryParseConsent(string? cell, out ConsentStatus? status)
    {
        status = null;
        var value = cell?.Trim().ToLowerInvariant();
        switch (value)
        {
            case null or "":
                return true;
            case "granted" or "yes" or "y" or "true" or "1":
                status = ConsentStatus.Granted;
                return true;
            case "withdrawn" or "no" or "n" or "false" or "0":
                status = ConsentStatus.Withdrawn;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Proposes a target per column from its header (and, where the header is ambiguous, its sample values).
    /// Each target is proposed once, for its first matching column; tags may come from several columns.
    /// </summary>
    public static IReadOnlyList<string> Propose(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> sampleRows, IReadOnlyCollection<CustomFieldDefinition> fields)
    {
        var proposals = new string[headers.Count];
        var taken = new HashSet<string>();
        var normalized = headers.Select(Normalize).ToArray();

        // Pass 1: exact names (standard synonyms, then custom-field keys and labels); pass 2: words in the name.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                if (proposals[i] is not null)
                {
                    continue;
                }

                var values = sampleRows.Select(r => i < r.Count ? r[i] : "").Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
                var target = pass == 0 ? ExactMatch(headers[i], normalized[i], fields) : WordMatch(normalized[i], values);
                if (target is not null && (target == Tags || taken.Add(target)))
                {
                    proposals[i] = target;
                }
            }
        }

        return [.. proposals.Select(p => p ?? Ignore)];
    }

    private static string? ExactMatch(string header, string name, IReadOnlyCollection<CustomFieldDefinition> fields)
    {
        if (Synonyms.TryGetValue(name, out var standard))
        {
            return standard;
        }

        var trimmed = header.Trim();
        foreach (var field in fields)
        {
            if (string.Equals(trimmed, FieldKey(field.Key), StringComparison.OrdinalIgnoreCase)
                || string.Equals(trimmed, "fields." + field.Key, StringComparison.OrdinalIgnoreCase)
                || name == Normalize(field.Key) || name == Normalize(field.Label))
            {
                return FieldKey(field.Key);
            }
        }

        return null;
    }

    private static string? WordMatch(string name, IReadOnlyList<string> values)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var channel = name.Contains("whatsapp") ? ConsentWhatsApp
            : name.Contains("sms") || name.Contains("text") ? ConsentSms
            : name.Contains("push") ? ConsentPush
            : name.Contains("email") || name.Contains("newsletter") ? ConsentEmail
            : null;
        var aboutConsent = name.Contains("consent") || name.Contains("optin") || name.Contains("optout") || name.Contains("permission") || name.Contains("subscri") || name.Contains("allow");
        var consentValues = values.Count > 0 && values.All(v => TryParseConsent(v, out _));
        if (channel is not null && (aboutConsent || consentValues))
        {
            return channel;
        }

        return name switch
        {
            _ when name.Contains("email") => Email,
            _ when name.Contains("mobile") || name.Contains("phone") || name.Contains("whatsapp") || name.StartsWith("tel", StringComparison.Ordinal) || name.StartsWith("cell", StringComparison.Ordinal) => Phone,
            _ when name.Contains("firstname") || name.Contains("givenname") || name.Contains("forename") => FirstName,
            _ when name.Contains("lastname") || name.Contains("surname") || name.Contains("familyname") => LastName,
            _ when name.Contains("company") || name.Contains("organisation") || name.Contains("organization") || name.Contains("business") => Company,
            _ when name.Contains("birth") => BirthDate,
            _ when name.StartsWith("country", StringComparison.Ordinal) => Country,
            _ when name.StartsWith("state", StringComparison.Ordinal) || name.Contains("region") || name.Contains("province") => Region,
            _ when name.Contains("city") || name.Contains("town") => City,
            _ when name.Contains("language") => Language,
            _ when name.Contains("timezone") => TimeZone,
            _ when name.StartsWith("tag", StringComparison.Ordinal) || name.EndsWith("tags", StringComparison.Ordinal) => Tags,
            _ when name.EndsWith("id", StringComparison.Ordinal) && (name.Contains("external") || name.Contains("customer") || name.Contains("crm") || name.Contains("client")) => ExternalId,
            _ => null,
        };
    }

    /// <summary>"E-mail Address" → "emailaddress": lower-case letters and digits only.</summary>
    internal static string Normalize(string header) =>
        string.Concat(header.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms(new()
    {
        [ExternalId] = ["externalid", "extid", "id", "customerid", "customerno", "customernumber", "customercode", "contactid", "crmid", "clientid", "clientcode", "dealerid", "dealercode", "accountid", "accountnumber", "memberid", "reference", "ref", "code"],
        [Email] = ["email", "emailaddress", "emailid", "mail", "mailaddress", "emailaddr", "primaryemail", "workemail"],
        [Phone] = ["phone", "phonenumber", "phoneno", "mobile", "mobilenumber", "mobileno", "mobilephone", "cell", "cellphone", "cellnumber", "telephone", "tel", "telephonenumber", "contactnumber", "contactno", "msisdn", "whatsappnumber", "whatsappno", "telefon", "handy"],
        [FirstName] = ["firstname", "givenname", "forename", "fname", "first", "vorname"],
        [LastName] = ["lastname", "surname", "familyname", "lname", "last", "nachname"],
        [Company] = ["company", "companyname", "organisation", "organization", "org", "business", "businessname", "firm", "firmname", "shop", "shopname", "dealername", "account", "accountname", "employer", "firma"],
        [Country] = ["country", "countrycode", "land"],
        [Region] = ["region", "state", "province", "county", "statename", "stateprovince", "bundesland"],
        [City] = ["city", "town", "cityname", "ort", "stadt"],
        [Language] = ["language", "lang", "locale", "preferredlanguage", "languagecode", "sprache"],
        [TimeZone] = ["timezone", "tz", "timezoneid", "zone"],
        [BirthDate] = ["birthdate", "dateofbirth", "dob", "birthday", "geburtsdatum"],
        [Tags] = ["tags", "tag", "labels", "label", "categories", "category"],
        [ConsentEmail] = ["consentemail", "emailconsent", "emailoptin", "optinemail", "emailpermission", "newsletter"],
        [ConsentSms] = ["consentsms", "smsconsent", "smsoptin", "optinsms", "smspermission"],
        [ConsentWhatsApp] = ["consentwhatsapp", "whatsappconsent", "whatsappoptin", "optinwhatsapp", "whatsapppermission"],
        [ConsentPush] = ["consentpush", "pushconsent", "pushoptin", "optinpush", "pushpermission"],
    });

    private static Dictionary<string, string> BuildSynonyms(Dictionary<string, string[]> byTarget)
    {
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (target, names) in byTarget)
        {
            foreach (var name in names)
            {
                synonyms.Add(name, target);
            }
        }

        return synonyms;
    }
}
