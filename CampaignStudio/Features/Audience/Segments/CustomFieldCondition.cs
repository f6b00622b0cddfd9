namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A custom field (by its key) compared with a value; the operators allowed follow the field's type.</summary>
public sealed class CustomFieldCondition : RuleOperand
{
    public string Key { get; set; } = "";
}
