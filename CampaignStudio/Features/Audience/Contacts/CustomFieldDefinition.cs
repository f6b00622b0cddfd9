using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// An admin-defined contact field (e.g. <c>dealer_tier</c>: choice of gold/silver/bronze). It validates and
/// converts raw input (CSV cells, API values, form fields) into a typed <see cref="CustomFieldValue"/>.
/// </summary>
public sealed partial class CustomFieldDefinition
{
    private CustomFieldDefinition()
    {
    }

    public CustomFieldDefinition(string key, string label, CustomFieldType type, bool required, IReadOnlyList<string>? choices, DateTime nowUtc)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw ValidationFailedException.For(nameof(Key), "A field key is 1–40 lower-case letters, digits or underscores, starting with a letter (e.g. dealer_tier).");
        }

        if (type == CustomFieldType.Choice && (choices is null || choices.Count == 0))
        {
            throw ValidationFailedException.For(nameof(Choices), "A choice field needs at least one choice.");
        }

        Key = key;
        Label = string.IsNullOrWhiteSpace(label) ? key : label.Trim();
        Type = type;
        Required = required;
        ChoicesJson = type == CustomFieldType.Choice ? JsonSerializer.Serialize(choices!.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList()) : null;
        CreatedUtc = nowUtc;
    }

    public int Id { get; private set; }

    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public CustomFieldType Type { get; private set; }

    public bool Required { get; private set; }

    public string? ChoicesJson { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public IReadOnlyList<string> Choices => ChoicesJson is null ? [] : JsonSerializer.Deserialize<List<string>>(ChoicesJson) ?? [];

    /// <summary>Parses raw input; null input or blank means "no value". Throws a field-level validation error.</summary>
    public CustomFieldValue? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Required ? throw Invalid($"{Label} is required.") : null;
        }

        raw = raw.Trim();
        return Type switch
        {
            CustomFieldType.Text when raw.Length > 500 => throw Invalid($"{Label} is longer than 500 characters."),
            CustomFieldType.Text => CustomFieldValue.OfText(raw),
            CustomFieldType.Number => decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? CustomFieldValue.OfNumber(number)
                : throw Invalid($"{Label} must be a number (e.g. 1250.5), not '{raw}'."),
            CustomFieldType.Date => DateOnly.TryParseExact(raw, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? CustomFieldValue.OfDate(date)
                : throw Invalid($"{Label} must be a date as YYYY-MM-DD, not '{raw}'."),
            CustomFieldType.Boolean => ParseBoolean(raw) is { } flag ? CustomFieldValue.OfBoolean(flag) : throw Invalid($"{Label} must be true or false (yes/no, 1/0), not '{raw}'."),
            CustomFieldType.Choice => Choices.FirstOrDefault(c => string.Equals(c, raw, StringComparison.OrdinalIgnoreCase)) is { } choice
                ? CustomFieldValue.OfText(choice)
                : throw Invalid($"{Label} must be one of {string.Join(", ", Choices)}, not '{raw}'."),
            _ => throw new InvalidOperationException($"Unknown field type {Type}."),
        };
    }

    private ValidationFailedException Invalid(string message) => ValidationFailedException.For(Key, message);

    internal static bool? ParseBoolean(string raw) => raw.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" => true,
        "false" or "no" or "n" or "0" => false,
        _ => null,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();

    internal sealed class Configuration : IEntityTypeConfiguration<CustomFieldDefinition>
    {
        public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
        {
            builder.HasKey(f => f.Id);
            builder.Property(f => f.Key).HasMaxLength(40);
            builder.HasIndex(f => f.Key).IsUnique();
            builder.Property(f => f.Label).HasMaxLength(100);
            builder.Property(f => f.ChoicesJson).HasMaxLength(4000);
            builder.Ignore(f => f.Choices);
        }
    }
}

/// <summary>A typed custom-field value: exactly one of the members is set, by the field's type.</summary>
public sealed record CustomFieldValue(string? Text, decimal? Number, DateOnly? Date, bool? Boolean)
{
    public static CustomFieldValue OfText(string value) => new(value, null, null, null);

    public static CustomFieldValue OfNumber(decimal value) => new(null, value, null, null);

    public static CustomFieldValue OfDate(DateOnly value) => new(null, null, value, null);

    public static CustomFieldValue OfBoolean(bool value) => new(null, null, null, value);

    public override string ToString() =>
        Text ?? Number?.ToString("0.####", CultureInfo.InvariantCulture) ?? Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? (Boolean is { } b ? (b ? "true" : "false") : "");
}
