using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// An admin-defined campaign field (e.g. <c>cost_centre</c>: text, required; <c>region</c>: choice of
/// North/South/East/West). It checks a campaign's raw value and turns it into its canonical text: numbers in
/// invariant form, dates as YYYY-MM-DD, booleans as true/false, choices as spelt in the options.
/// </summary>
public sealed partial class CampaignFieldDefinition
{
    public const int MaxKeyLength = 40;
    public const int MaxLabelLength = 100;
    public const int MaxOptions = 100;
    public const int MaxOptionLength = 100;
    public const int MaxTextValueLength = 500;

    private CampaignFieldDefinition()
    {
    }

    public CampaignFieldDefinition(string key, string label, CampaignFieldType type, bool required, IReadOnlyList<string>? options, DateTime nowUtc)
    {
        key = key?.Trim() ?? "";
        var errors = new FieldErrors();
        if (!KeyPattern().IsMatch(key))
        {
            errors.Add("key", $"A field key is 1 to {MaxKeyLength} lower-case letters, digits or underscores, starting with a letter (e.g. cost_centre).");
        }

        if (!Enum.IsDefined(type))
        {
            errors.Add("type", "Choose text, number, date, yes/no or choice.");
        }

        Key = key;
        Type = type;
        CreatedUtc = nowUtc;
        Apply(label, required, options, errors);
    }

    public int Id { get; private set; }

    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public CampaignFieldType Type { get; private set; }

    public bool Required { get; private set; }

    /// <summary>The options of a choice field, as JSON.</summary>
    public string? OptionsJson { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public IReadOnlyList<string> Options => OptionsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(OptionsJson) ?? [];

    /// <summary>Changes what an admin may change; the key and the type stay (campaigns hold values of them).</summary>
    public void Update(string label, bool required, IReadOnlyList<string>? options) => Apply(label, required, options, new FieldErrors());

    /// <summary>
    /// A campaign's raw value as canonical text; null for no value. Errors are keyed <c>fields.{key}</c>.
    /// </summary>
    public string? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Required ? throw Invalid($"{Label} is required.") : null;
        }

        raw = raw.Trim();
        return Type switch
        {
            CampaignFieldType.Text when raw.Length > MaxTextValueLength => throw Invalid($"{Label} is at most {MaxTextValueLength} characters."),
            CampaignFieldType.Text => raw,
            CampaignFieldType.Number => decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? number.ToString("0.############", CultureInfo.InvariantCulture)
                : throw Invalid($"{Label} must be a number (e.g. 1250.5), not '{raw}'."),
            CampaignFieldType.Date => DateOnly.TryParseExact(raw, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : throw Invalid($"{Label} must be a date as YYYY-MM-DD, not '{raw}'."),
            CampaignFieldType.Boolean => raw.ToLowerInvariant() switch
            {
                "true" or "yes" or "y" or "1" => "true",
                "false" or "no" or "n" or "0" => "false",
                _ => throw Invalid($"{Label} must be yes or no (true/false), not '{raw}'."),
            },
            CampaignFieldType.Choice => Options.FirstOrDefault(o => string.Equals(o, raw, StringComparison.OrdinalIgnoreCase))
                ?? throw Invalid($"{Label} must be one of {string.Join(", ", Options)}, not '{raw}'."),
            _ => throw new InvalidOperationException($"Unknown field type {Type}."),
        };
    }

    private void Apply(string label, bool required, IReadOnlyList<string>? options, FieldErrors errors)
    {
        label = string.IsNullOrWhiteSpace(label) ? Key : label.Trim();
        errors.MaxLength("label", label, MaxLabelLength, "A label");
        var cleaned = (options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (Type == CampaignFieldType.Choice && cleaned.Count == 0)
        {
            errors.Add("options", "A choice field needs at least one option.");
        }

        if (cleaned.Count > MaxOptions || cleaned.Any(o => o.Length > MaxOptionLength))
        {
            errors.Add("options", $"A choice field has at most {MaxOptions} options of at most {MaxOptionLength} characters each.");
        }

        errors.ThrowIfAny();
        Label = label;
        Required = required;
        OptionsJson = Type == CampaignFieldType.Choice ? JsonSerializer.Serialize(cleaned) : null;
    }

    private ValidationFailedException Invalid(string message) => ValidationFailedException.For($"fields.{Key}", message);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();
}
