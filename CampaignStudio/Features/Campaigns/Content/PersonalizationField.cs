namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>One value a template may insert, e.g. <c>contact.first_name</c>.</summary>
/// <param name="Path">The dotted path as written in a template (without braces).</param>
/// <param name="Label">A human name for pickers ("First name").</param>
/// <param name="Kind">What kind of value it holds.</param>
public sealed record PersonalizationField(string Path, string Label, PersonalizationValueKind Kind)
{
    /// <summary>The field as an output tag ready to insert: <c>{{ contact.first_name }}</c>.</summary>
    public string Placeholder => "{{ " + Path + " }}";
}
