using CampaignStudio.Features.Audience.Segments;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>Short ways to write rules in tests.</summary>
public static class Rules
{
    public static SegmentDefinition All(params RuleNode[] rules) => new() { Root = And(rules) };

    public static SegmentDefinition Where(RuleNode rule) => All(rule);

    public static RuleGroup And(params RuleNode[] rules) => new() { Operator = GroupOperator.And, Rules = [.. rules] };

    public static RuleGroup Or(params RuleNode[] rules) => new() { Operator = GroupOperator.Or, Rules = [.. rules] };

    public static RuleGroup Not(RuleGroup group)
    {
        group.Negate = !group.Negate;
        return group;
    }

    /// <summary>One condition written as JSON, as the rule builder and the API send it.</summary>
    public static RuleNode Json(string conditionJson) =>
        SegmentJson.Deserialize($$$"""{"version":1,"root":{"operator":"and","rules":[{{{conditionJson}}}]}}""").Root.Rules[0];

    public static FieldCondition Field(string field, RuleOperator op, RuleValue? value = null) => new() { Field = field, Operator = op, Value = value };

    public static TagCondition Tag(params string[] tags) => new() { Operator = RuleOperator.HasTag, Tags = [.. tags] };

    public static ConsentCondition Consent(CampaignStudio.Features.Shared.Channel channel, CampaignStudio.Features.Audience.Contacts.ConsentStatus status) =>
        new() { Channel = channel, Status = status };

    public static EventCondition SumInLastDays(string evt, string property, int days, RuleOperator op, decimal value) => new()
    {
        Event = evt,
        Aggregate = EventAggregate.Sum,
        Property = property,
        Window = new EventWindow { InLast = new RelativePeriod { Amount = days, Unit = PeriodUnit.Days } },
        Operator = op,
        Value = value,
    };

    public static EventCondition CountInLastDays(string evt, int days, RuleOperator op, int value) => new()
    {
        Event = evt,
        Aggregate = EventAggregate.Count,
        Window = new EventWindow { InLast = new RelativePeriod { Amount = days, Unit = PeriodUnit.Days } },
        Operator = op,
        Value = value,
    };
}
