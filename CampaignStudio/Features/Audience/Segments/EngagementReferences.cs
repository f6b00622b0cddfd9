namespace CampaignStudio.Features.Audience.Segments;

/// <summary>The engagement conditions of rules with where they are (<c>root.rules[1].rules[0]</c>), to check the campaigns they name.</summary>
internal static class EngagementReferences
{
    public static IEnumerable<(string Path, EngagementCondition Condition)> In(SegmentDefinition definition) => In(definition.Root, "root");

    private static IEnumerable<(string Path, EngagementCondition Condition)> In(RuleNode? node, string path)
    {
        switch (node)
        {
            case EngagementCondition engagement:
                yield return (path, engagement);
                break;
            case RuleGroup group:
                for (var i = 0; i < group.Rules.Count; i++)
                {
                    foreach (var found in In(group.Rules[i], $"{path}.rules[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
