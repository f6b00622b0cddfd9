using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// Validates and normalises contact input field by field: each problem is reported against its field, with a
/// message a marketer can act on. Shared by the API, CSV import and the contact form.
/// </summary>
public sealed partial class ContactNormalizer(IOptions<AudienceOptions> options)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Returns the normalised contact, or null with <paramref name="errors"/> filled (field → messages).</summary>
    public NormalizedContact? Normalize(ContactInput input, IReadOnlyDictionary<string, CustomFieldDefinition> fields, out Dictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!problems.TryGetValue(field, out var list))
            {
                problems[field] = list = [];
            }

            list.Add(message);
        }

        var externalId = Clean(input.ExternalId, 100, "externalId", Fail);
        var country = Clean(input.Country, 2, "country", Fail)?.ToUpperInvariant();
        if (country is not null && !IsCountry(country))
        {
            Fail("country", $"'{input.Country}' is not a two-letter country code (ISO 3166-1, e.g. IN, US, DE).");
            country = null;
        }

        var (email, domain) = NormalizeEmail(input.Email, Fail);
        var (phone, phoneRegion) = NormalizePhone(input.Phone, country, Fail);
        var language = Clean(input.Language, 20, "language", Fail);
        if (language is not null && !IsLanguage(language))
        {
            Fail("language", $"'{language}' is not a language tag (e.g. en, hi, en-IN).");
        }

        var timeZone = Clean(input.TimeZone, 64, "timeZone", Fail);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            Fail("timeZone", $"'{timeZone}' is not a time zone (use IANA names such as Asia/Kolkata or Europe/Berlin).");
        }

        DateOnly? birthDate = null;
        if (!string.IsNullOrWhiteSpace(input.BirthDate))
        {
            if (DateOnly.TryParseExact(input.BirthDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed.Year >= 1900)
            {
                birthDate = parsed;
            }
            else
            {
                Fail("birthDate", $"'{input.BirthDate}' is not a birth date as YYYY-MM-DD.");
            }
        }

        var tags = new List<string>();
        foreach (var raw in input.Tags ?? [])
        {
            var tag = raw?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(tag))
            {
                continue;
            }

            if (!TagPattern().IsMatch(tag))
            {
                Fail("tags", $"'{raw}' is not a tag: use up to 64 letters, digits, '-', '_' or spaces.");
            }
            else if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        var fieldValues = new List<(CustomFieldDefinition, CustomFieldValue?)>();
        foreach (var (key, raw) in input.Fields ?? [])
        {
            if (!fields.TryGetValue(key, out var field))
            {
                Fail($"fields.{key}", $"There is no custom field '{key}'. Fields are: {(fields.Count == 0 ? "none defined yet" : string.Join(", ", fields.Keys))}.");
                continue;
            }

            try
            {
                fieldValues.Add((field, field.Parse(raw)));
            }
            catch (Shared.ValidationFailedException invalid)
            {
                Fail($"fields.{key}", string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
            }
        }

        var consents = new List<(Shared.Channel, ConsentStatus, string?, string?, DateTime?)>();
        foreach (var consent in input.Consents ?? [])
        {
            if (!Enum.IsDefined(consent.Channel))
            {
                Fail("consents", "A consent needs a channel: email, sms, whatsApp or push.");
                continue;
            }

            consents.Add((consent.Channel, consent.Status, Trim(consent.Source, 100), Trim(consent.WordingVersion, 50), consent.RecordedAt?.UtcDateTime));
        }

        var tokens = new List<(string, string?)>();
        foreach (var token in input.PushTokens ?? [])
        {
            if (string.IsNullOrWhiteSpace(token.Token) || token.Token.Length > 512)
            {
                Fail("pushTokens", "A push token must be 1 to 512 characters.");
                continue;
            }

            tokens.Add((token.Token.Trim(), token.Platform?.Trim().ToLowerInvariant() is { Length: > 0 } p ? p : null));
        }

        var cleared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in input.Clear ?? [])
        {
            if (name?.StartsWith("fields.", StringComparison.Ordinal) == true && fields.TryGetValue(name["fields.".Length..], out var field))
            {
                if (input.Fields?.ContainsKey(field.Key) == true)
                {
                    Fail(name, $"The custom field '{field.Key}' is both given a value and cleared.");
                }
                else
                {
                    fieldValues.Add((field, null));
                }
            }
            else if (name is not null && NormalizedContact.Clearable.Contains(name))
            {
                cleared.Add(name);
            }
            else
            {
                Fail("clear", $"'{name}' cannot be cleared. Clear one of {string.Join(", ", NormalizedContact.Clearable)}, or fields.<key> for a custom field.");
            }
        }

        var normalized = new NormalizedContact(
            externalId, email, domain, phone, phoneRegion,
            Clean(input.FirstName, 100, "firstName", Fail), Clean(input.LastName, 100, "lastName", Fail),
            Clean(input.Company, 200, "company", Fail), country, Clean(input.Region, 100, "region", Fail),
            Clean(input.City, 100, "city", Fail), language, timeZone, birthDate, tags, fieldValues, consents, tokens, cleared);
        foreach (var both in cleared.Where(name => HasValue(normalized, name)))
        {
            Fail(both, $"'{both}' is both given a value and cleared.");
        }

        if (!normalized.HasIdentity && problems.Count == 0)
        {
            Fail("externalId", "A contact needs at least an external id, an email or a phone number.");
        }

        errors = problems.ToDictionary(p => p.Key, p => p.Value.ToArray());
        return errors.Count == 0 ? normalized : null;
    }

    private static bool HasValue(NormalizedContact contact, string field) => field switch
    {
        "firstName" => contact.FirstName is not null,
        "lastName" => contact.LastName is not null,
        "company" => contact.Company is not null,
        "country" => contact.Country is not null,
        "region" => contact.Region is not null,
        "city" => contact.City is not null,
        "language" => contact.Language is not null,
        "timeZone" => contact.TimeZone is not null,
        "birthDate" => contact.BirthDate is not null,
        _ => false,
    };

    private static (string? Email, string? Domain) NormalizeEmail(string? raw, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null);
        }

        var email = raw.Trim().ToLowerInvariant();
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.'))
        {
            fail("email", $"'{raw.Trim()}' is not a valid email address.");
            return (null, null);
        }

        return (email, address.Host);
    }

    private (string? Phone, string? Region) NormalizePhone(string? raw, string? country, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null);
        }

        try
        {
            var number = Phones.Parse(raw.Trim(), country ?? options.Value.DefaultPhoneRegion);
            if (!Phones.IsValidNumber(number))
            {
                fail("phone", $"'{raw.Trim()}' is not a valid phone number for {Phones.GetRegionCodeForNumber(number) ?? country ?? options.Value.DefaultPhoneRegion}.");
                return (null, null);
            }

            return (Phones.Format(number, PhoneNumberFormat.E164), Phones.GetRegionCodeForNumber(number));
        }
        catch (NumberParseException)
        {
            fail("phone", $"'{raw.Trim()}' is not a phone number. Write it with its country code, e.g. +91 98200 12345.");
            return (null, null);
        }
    }

    private static string? Clean(string? raw, int max, string field, Action<string, string> fail)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > max)
        {
            fail(field, $"Longer than {max} characters.");
            return null;
        }

        return value;
    }

    private static string? Trim(string? raw, int max) => raw?.Trim() is { Length: > 0 } v ? v[..Math.Min(v.Length, max)] : null;

    private static readonly HashSet<string> Countries = [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).TwoLetterISORegionName; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .Where(r => r.Length == 2)];

    private static bool IsCountry(string code) => Countries.Contains(code) || IsRegion(code);

    private static bool IsRegion(string code)
    {
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsLanguage(string tag)
    {
        try
        {
            return !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N} _-]{1,64}$")]
    private static partial Regex TagPattern();
}
