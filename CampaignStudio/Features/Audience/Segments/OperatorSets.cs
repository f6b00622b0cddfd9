using System.Text.Json;
using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>Which operators apply to what, and how to name them to people.</summary>
public static class OperatorSets
{
    private static readonly RuleOperator[] TextOperators =
        [RuleOperator.EqualTo, RuleOperator.NotEqualTo, RuleOperator.In, RuleOperator.NotIn, RuleOperator.Contains, RuleOperator.StartsWith, RuleOperator.EndsWith, RuleOperator.IsSet, RuleOperator.IsEmpty];

    private static readonly RuleOperator[] DateOperators =
        [RuleOperator.On, RuleOperator.Before, RuleOperator.After, RuleOperator.Between, RuleOperator.InLast, RuleOperator.MoreThanAgo, RuleOperator.IsSet, RuleOperator.IsEmpty];

    private static readonly RuleOperator[] ComparisonOperators =
        [RuleOperator.Eq, RuleOperator.Neq, RuleOperator.Gt, RuleOperator.Gte, RuleOperator.Lt, RuleOperator.Lte, RuleOperator.Between];

    public static IReadOnlyList<RuleOperator> ForField(RuleFieldKind kind) => kind switch
    {
        RuleFieldKind.Text => TextOperators,
        RuleFieldKind.Presence => [RuleOperator.IsSet, RuleOperator.IsEmpty],
        RuleFieldKind.Date or RuleFieldKind.Instant => DateOperators,
        RuleFieldKind.Number => [.. ComparisonOperators, RuleOperator.IsSet, RuleOperator.IsEmpty],
        RuleFieldKind.Boolean => [RuleOperator.IsTrue, RuleOperator.IsFalse, RuleOperator.IsSet, RuleOperator.IsEmpty],
        RuleFieldKind.Choice => [RuleOperator.EqualTo, RuleOperator.NotEqualTo, RuleOperator.In, RuleOperator.NotIn, RuleOperator.IsSet, RuleOperator.IsEmpty],
        _ => [],
    };

    public static IReadOnlyList<RuleOperator> ForEvent(EventAggregate aggregate) => aggregate == EventAggregate.Last
        ? [RuleOperator.Before, RuleOperator.After, RuleOperator.InLast, RuleOperator.MoreThanAgo, RuleOperator.Never]
        : ComparisonOperators;

    public static IReadOnlyList<RuleOperator> ForTags { get; } = [RuleOperator.HasTag, RuleOperator.NotHasTag];

    public static RuleFieldKind KindOf(CustomFieldType type) => type switch
    {
        CustomFieldType.Number => RuleFieldKind.Number,
        CustomFieldType.Date => RuleFieldKind.Date,
        CustomFieldType.Boolean => RuleFieldKind.Boolean,
        CustomFieldType.Choice => RuleFieldKind.Choice,
        _ => RuleFieldKind.Text,
    };

    /// <summary>The operator as people read it: "=", "≥", "is any of", "in the last".</summary>
    public static string Describe(RuleOperator op) => op switch
    {
        RuleOperator.EqualTo => "is",
        RuleOperator.NotEqualTo => "is not",
        RuleOperator.In => "is any of",
        RuleOperator.NotIn => "is none of",
        RuleOperator.Contains => "contains",
        RuleOperator.StartsWith => "starts with",
        RuleOperator.EndsWith => "ends with",
        RuleOperator.IsSet => "is set",
        RuleOperator.IsEmpty => "is empty",
        RuleOperator.On => "on",
        RuleOperator.Before => "before",
        RuleOperator.After => "after",
        RuleOperator.Between => "between",
        RuleOperator.InLast => "in the last",
        RuleOperator.MoreThanAgo => "more than … ago",
        RuleOperator.Eq => "=",
        RuleOperator.Neq => "≠",
        RuleOperator.Gt => ">",
        RuleOperator.Gte => "≥",
        RuleOperator.Lt => "<",
        RuleOperator.Lte => "≤",
        RuleOperator.IsTrue => "is true",
        RuleOperator.IsFalse => "is false",
        RuleOperator.HasTag => "has tag",
        RuleOperator.NotHasTag => "does not have tag",
        RuleOperator.Never => "never",
        _ => op.ToString(),
    };

    /// <summary>"=, ≠, >, ≥, <, ≤ or between".</summary>
    public static string DescribeChoices(IReadOnlyList<RuleOperator> operators)
    {
        var words = operators.Select(Describe).ToList();
        return words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";
    }

    /// <summary>The operator's name in the rules' JSON, e.g. <c>notEquals</c>.</summary>
    public static string JsonName(RuleOperator op) => JsonSerializer.Serialize(op, SegmentJson.Options).Trim('"');

    /// <summary>The word for what a field holds, as in "the number field 'Tonnage'".</summary>
    public static string KindWord(RuleFieldKind kind) => kind switch
    {
        RuleFieldKind.Presence => "address",
        RuleFieldKind.Instant => "date",
        RuleFieldKind.Boolean => "yes/no",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
