using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;

namespace CampaignStudio.Features.Campaigns.Pages;

/// <summary>
/// A segment's whole rule tree in one sentence for the details page, e.g. "all of: has tag dealer; Region equals
/// Maharashtra", built from the segment rule describer's words for each rule.
/// </summary>
public static class SegmentRuleText
{
    public static string Describe(RuleNode node, IReadOnlyList<CustomFieldDefinition> customFields) => node switch
    {
        RuleGroup { Rules.Count: 0 } => "everyone",
        RuleGroup { Rules.Count: 1, Negate: false } single => Describe(single.Rules[0], customFields),
        RuleGroup group => $"{RuleDescriber.Describe(group, customFields).ToLowerInvariant()}: {string.Join("; ", group.Rules.Select(r => r is RuleGroup { Rules.Count: > 1 } ? $"({Describe(r, customFields)})" : Describe(r, customFields)))}",
        _ => RuleDescriber.Describe(node, customFields),
    };
}
