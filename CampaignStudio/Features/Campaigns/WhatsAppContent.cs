using System.Text.RegularExpressions;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A WhatsApp message: a template (its name, language, and the expressions that fill its variables {{1}}, {{2}}, …
/// in order) or free text.
/// </summary>
public sealed partial record WhatsAppContent
{
    public const int MaxTemplateNameLength = 512;
    public const int MaxVariables = 20;
    public const int MaxVariableLength = 1000;
    public const int MaxTextLength = 4096;

    public WhatsAppMessageKind Kind { get; init; } = WhatsAppMessageKind.Template;

    /// <summary>The approved template's name, e.g. <c>diwali_offer_2026</c>.</summary>
    public string? TemplateName { get; init; }

    /// <summary>The template's language code as WhatsApp names it, e.g. <c>en</c>, <c>en_US</c>, <c>hi</c>.</summary>
    public string? Language { get; init; }

    /// <summary>The values of the template's variables, in order; each may use personalisation, e.g. <c>{{ contact.first_name }}</c>.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>The free text, when <see cref="Kind"/> is <see cref="WhatsAppMessageKind.Text"/>.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// Whether the http(s) links of the free text go out as short tracked links (on unless turned off). A template's
    /// variables are not rewritten: a template's URL button usually fixes the start of the address and takes only its
    /// end as a variable, which a tracked link cannot be.
    /// </summary>
    public bool TrackLinks { get; init; } = true;

    internal WhatsAppContent Normalized() => Kind == WhatsAppMessageKind.Text
        ? new WhatsAppContent { Kind = Kind, Text = InputText.Body(Text), TrackLinks = TrackLinks }
        : new WhatsAppContent
        {
            Kind = Kind,
            TemplateName = InputText.Line(TemplateName),
            Language = InputText.Line(Language),
            Variables = [.. (Variables ?? []).Select(v => v?.Trim() ?? "")],
        };

    internal void Check(FieldErrors errors, string prefix)
    {
        if (!Enum.IsDefined(Kind))
        {
            errors.Add($"{prefix}.kind", "Choose a template or free text.");
            return;
        }

        if (TemplateName is not null && !TemplateNamePattern().IsMatch(TemplateName))
        {
            errors.Add($"{prefix}.templateName", "A template name is lower-case letters, digits and underscores, as approved in WhatsApp (e.g. diwali_offer_2026).");
        }

        if (Language is not null && !LanguagePattern().IsMatch(Language))
        {
            errors.Add($"{prefix}.language", $"'{Language}' is not a WhatsApp language code (e.g. en, en_US, hi).");
        }

        if (Variables.Count > MaxVariables)
        {
            errors.Add($"{prefix}.variables", $"A template has at most {MaxVariables} variables.");
        }

        for (var i = 0; i < Variables.Count; i++)
        {
            if (Variables[i].Length == 0)
            {
                errors.Add($"{prefix}.variables[{i}]", $"Fill in variable {{{{{i + 1}}}}} or remove it.");
            }

            errors.MaxLength($"{prefix}.variables[{i}]", Variables[i], MaxVariableLength, $"Variable {{{{{i + 1}}}}}");
        }

        errors.MaxLength($"{prefix}.text", Text, MaxTextLength, "A WhatsApp text");
    }

    internal void Missing(FieldErrors errors, string prefix)
    {
        if (Kind == WhatsAppMessageKind.Text)
        {
            if (Text is null)
            {
                errors.Add($"{prefix}.text", "Write the WhatsApp text.");
            }

            return;
        }

        if (TemplateName is null)
        {
            errors.Add($"{prefix}.templateName", "Choose the WhatsApp template.");
        }

        if (Language is null)
        {
            errors.Add($"{prefix}.language", "Choose the template's language.");
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex TemplateNamePattern();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex LanguagePattern();
}
