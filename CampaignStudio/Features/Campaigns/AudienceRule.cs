using CampaignStudio.Features.Audience.Segments;

namespace CampaignStudio.Features.Campaigns;

/// <summary>A campaign's audience as one rule: (any included segment) and not (any excluded segment).</summary>
public static class AudienceRule
{
    public static RuleGroup Combine(IEnumerable<Segment> include, IEnumerable<Segment> exclude)
    {
        var rule = new RuleGroup { Operator = GroupOperator.And };
        rule.Rules.Add(new RuleGroup { Operator = GroupOperator.Or, Rules = [.. include.Select(s => s.ReadDefinition().Root)] });
        var excluded = exclude.ToList();
        if (excluded.Count > 0)
        {
            rule.Rules.Add(new RuleGroup { Operator = GroupOperator.Or, Negate = true, Rules = [.. excluded.Select(s => s.ReadDefinition().Root)] });
        }

        return rule;
    }
}
