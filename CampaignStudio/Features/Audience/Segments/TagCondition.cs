namespace CampaignStudio.Features.Audience.Segments;

/// <summary>The contact has (or has none of) the tags: <c>hasTag</c> matches a contact with any of <see cref="Tags"/>.</summary>
public sealed class TagCondition : RuleNode
{
    /// <summary><see cref="RuleOperator.HasTag"/> or <see cref="RuleOperator.NotHasTag"/>.</summary>
    public RuleOperator? Operator { get; set; }

    public List<string> Tags { get; set; } = [];
}
