using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// An operand as written in the rules: text (<c>"Pune"</c>, <c>"2026-01-31"</c>), a number (<c>100</c>) or a boolean.
/// It keeps what was written; the validator decides whether it fits the field (a number field accepts <c>100</c> and
/// <c>"100"</c>, a date field <c>"2026-01-31"</c>), and says so when it does not.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed record RuleValue
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d"];

    private RuleValue(string text, ValueKind kind)
    {
        Text = text;
        Kind = kind;
    }

    /// <summary>The value as text; numbers in invariant culture, booleans as <c>true</c>/<c>false</c>, dates as YYYY-MM-DD.</summary>
    public string Text { get; }

    internal ValueKind Kind { get; }

    public static RuleValue Of(string text) => new(text, ValueKind.Text);

    public static RuleValue Of(decimal number) => new(number.ToString(CultureInfo.InvariantCulture), ValueKind.Number);

    public static RuleValue Of(bool flag) => new(flag ? "true" : "false", ValueKind.Boolean);

    public static RuleValue Of(DateOnly date) => new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ValueKind.Text);

    public static implicit operator RuleValue(string text) => Of(text);

    public static implicit operator RuleValue(int number) => Of(number);

    public static implicit operator RuleValue(decimal number) => Of(number);

    public static implicit operator RuleValue(double number) => Of((decimal)number);

    public static implicit operator RuleValue(bool flag) => Of(flag);

    public static implicit operator RuleValue(DateOnly date) => Of(date);

    public bool TryGetNumber(out decimal number)
    {
        number = 0;
        return Kind != ValueKind.Boolean && decimal.TryParse(Text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out number);
    }

    public bool TryGetDate(out DateOnly date)
    {
        date = default;
        return Kind == ValueKind.Text && DateOnly.TryParseExact(Text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public override string ToString() => Text;

    internal enum ValueKind
    {
        Text,
        Number,
        Boolean,
    }

    private sealed class Converter : JsonConverter<RuleValue>
    {
        public override RuleValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => Of(reader.GetString()!),
            JsonTokenType.Number when reader.TryGetDecimal(out var number) => Of(number),
            JsonTokenType.Number => throw new JsonException("The number is too large."),
            JsonTokenType.True => Of(true),
            JsonTokenType.False => Of(false),
            _ => throw new JsonException("A value is text, a number, true or false."),
        };

        public override void Write(Utf8JsonWriter writer, RuleValue value, JsonSerializerOptions options)
        {
            switch (value.Kind)
            {
                case ValueKind.Number:
                    writer.WriteNumberValue(decimal.Parse(value.Text, CultureInfo.InvariantCulture));
                    break;
                case ValueKind.Boolean:
                    writer.WriteBooleanValue(value.Text == "true");
                    break;
                default:
                    writer.WriteStringValue(value.Text);
                    break;
            }
        }
    }
}
