using System.Globalization;
using Fluid;
using Fluid.Values;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Turns a <see cref="PersonalizationModel"/> into Liquid values: dictionaries, lists and primitives only, built here,
/// so a template never reaches a .NET object (no reflection, no member access strategy involved).
/// </summary>
internal static class PersonalizationValues
{
    /// <summary>Sets the model's top-level values on <paramref name="context"/>.</summary>
    public static void Apply(TemplateContext context, PersonalizationModel model)
    {
        if (model.Contact is { } contact)
        {
            context.SetValue(PersonalizationNames.Contact, Contact(contact));
        }

        if (model.CampaignName is not null)
        {
            context.SetValue(PersonalizationNames.Campaign, Dictionary(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
            {
                [PersonalizationNames.CampaignName] = Text(model.CampaignName),
            }));
        }

        SetText(context, PersonalizationNames.UnsubscribeUrl, model.UnsubscribeUrl);
        SetText(context, PersonalizationNames.PreferencesUrl, model.PreferencesUrl);
        SetText(context, PersonalizationNames.ViewInBrowserUrl, model.ViewInBrowserUrl);
    }

    private static DictionaryValue Contact(PersonalizationContact contact)
    {
        var fields = new Dictionary<string, FluidValue>(contact.Fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in contact.Fields)
        {
            fields[key] = From(value);
        }

        var events = new Dictionary<string, FluidValue>(contact.Events.Count, StringComparer.Ordinal);
        foreach (var (name, summary) in contact.Events)
        {
            events[name] = Dictionary(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
            {
                [PersonalizationNames.EventCount] = NumberValue.Create(summary.Count),
                [PersonalizationNames.EventTotal] = NumberValue.Create(summary.Total),
                [PersonalizationNames.EventLast] = summary.Last is { } last ? From(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : NilValue.Instance,
            });
        }

        return Dictionary(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
        {
            [PersonalizationNames.FirstName] = Text(contact.FirstName),
            [PersonalizationNames.LastName] = Text(contact.LastName),
            [PersonalizationNames.Email] = Text(contact.Email),
            [PersonalizationNames.Phone] = Text(contact.Phone),
            [PersonalizationNames.Company] = Text(contact.Company),
            [PersonalizationNames.Country] = Text(contact.Country),
            [PersonalizationNames.Region] = Text(contact.Region),
            [PersonalizationNames.City] = Text(contact.City),
            [PersonalizationNames.Language] = Text(contact.Language),
            [PersonalizationNames.TimeZone] = Text(contact.TimeZone),
            [PersonalizationNames.BirthDate] = From(contact.BirthDate),
            [PersonalizationNames.ExternalId] = Text(contact.ExternalId),
            [PersonalizationNames.Tags] = new ArrayValue(contact.Tags.Select(Text).ToArray()),
            [PersonalizationNames.Fields] = Dictionary(fields),
            [PersonalizationNames.Events] = Dictionary(events),
        });
    }

    /// <summary>A value of a supported type; anything else is written as its invariant text.</summary>
    private static FluidValue From(object? value) => value switch
    {
        null => NilValue.Instance,
        string s => Text(s),
        bool b => BooleanValue.Create(b),
        decimal d => NumberValue.Create(d),
        int i => NumberValue.Create(i),
        long l => NumberValue.Create(l),
        double d when double.IsFinite(d) && Math.Abs(d) < 7.9e28 => NumberValue.Create((decimal)d),
        float f when float.IsFinite(f) && Math.Abs(f) < 7.9e28f => NumberValue.Create((decimal)f),
        DateOnly date => Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime dateTime => Text(dateTime.ToString(dateTime.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        DateTimeOffset instant => Text(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        IEnumerable<string> list => new ArrayValue(list.Select(Text).ToArray()),
        IFormattable formattable => Text(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => Text(value.ToString()),
    };

    private static FluidValue Text(string? value) => value is null ? NilValue.Instance : StringValue.Create(value);

    private static DictionaryValue Dictionary(Dictionary<string, FluidValue> values) =>
        new(new FluidValueDictionaryFluidIndexable(values));

    private static void SetText(TemplateContext context, string name, string? value)
    {
        if (value is not null)
        {
            context.SetValue(name, StringValue.Create(value));
        }
    }
}
