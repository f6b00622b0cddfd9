using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Pages;

/// <summary>
/// What every channel editor shares: the form, the service's errors by field key, whether the user may edit, the
/// personalisation fields and the model previews render with (the sample contact or a chosen real one).
/// </summary>
public sealed class ContentEditorContext(LiquidRenderer renderer)
{
    private readonly Dictionary<(Channel, string), string?> liquidChecks = [];

    public CampaignWizardForm Form { get; set; } = new();

    public IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    public bool CanEdit { get; set; }

    public IReadOnlyList<PersonalizationCustomField> CustomFields { get; set; } = [];

    /// <summary>The workspace's event names, for <c>contact.events.&lt;name&gt;.*</c>.</summary>
    public IReadOnlyList<string> EventNames { get; set; } = [];

    public PersonalizationModel Model { get; set; } = PersonalizationSample.Create();

    /// <summary>Who the preview shows ("Sample contact" or a contact's name).</summary>
    public string ModelName { get; set; } = "Sample contact";

    public PersonalizationFields FieldsFor(Channel channel) => PersonalizationFields.ForChannel(channel, CustomFields, EventNames);

    /// <summary>The service's message for a field key (<c>content.email.subject</c>), or null.</summary>
    public string? Error(string key) => Errors.TryGetValue(key, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    /// <summary>The first Liquid problem of a text against the channel's fields, or null; remembered per text.</summary>
    public string? Liquid(Channel channel, string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        if (!liquidChecks.TryGetValue((channel, text), out var message))
        {
            var problem = LiquidTemplateValidator.Validate(text, FieldsFor(channel)).FirstOrDefault();
            message = problem is null ? null : $"{problem.Message} (line {problem.Line}, column {problem.Column})";
            if (liquidChecks.Count > 500)
            {
                liquidChecks.Clear();
            }

            liquidChecks[(channel, text)] = message;
        }

        return message;
    }

    /// <summary>A field's message: the service's error first, then what Liquid says of the text.</summary>
    public string? Problem(string key, Channel channel, string? text) => Error(key) ?? Liquid(channel, text);

    /// <summary>The text rendered for the preview model; a template that does not parse shows why.</summary>
    public string Render(string? text, LiquidOutputMode mode = LiquidOutputMode.Text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        try
        {
            return renderer.Render(text, Model, mode);
        }
        catch (Exception failed) when (failed is LiquidTemplateException or LiquidRenderException)
        {
            return text;
        }
    }
}
