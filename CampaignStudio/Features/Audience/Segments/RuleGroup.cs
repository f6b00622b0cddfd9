namespace CampaignStudio.Features.Audience.Segments;

/// <summary>Conditions and groups joined by AND or OR; <see cref="Negate"/> turns the group into "none of / not all of".</summary>
public sealed class RuleGroup : RuleNode
{
    public GroupOperator Operator { get; set; } = GroupOperator.And;

    public bool Negate { get; set; }

    public List<RuleNode> Rules { get; set; } = [];
}
