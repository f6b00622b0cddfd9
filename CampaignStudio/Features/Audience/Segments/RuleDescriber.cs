using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A rule node in words, e.g. "Sum of lifting.mt in the last 90 days > 100", for explanations and previews.</summary>
internal static class RuleDescriber
{
    public static string Describe(RuleNode node, IReadOnlyList<CustomFieldDefinition> customFields) => node switch
    {
        RuleGroup group => (group.Operator, group.Negate) switch
        {
            (GroupOperator.And, false) => "All of these",
            (GroupOperator.And, true) => "Not all of these",
            (_, false) => "Any of these",
            _ => "None of these",
        },
        FieldCondition field => $"{ContactFields.Find(field.Field)?.Label ?? field.Field} {Operands(field)}",
        CustomFieldCondition custom => $"{customFields.FirstOrDefault(f => string.Equals(f.Key, custom.Key, StringComparison.OrdinalIgnoreCase))?.Label ?? custom.Key} {Operands(custom)}",
        TagCondition tag => Tags(tag),
        ConsentCondition consent => $"{Capitalise(ChannelName(consent.Channel))} consent is {consent.Status?.ToString().ToLowerInvariant()}",
        ReachableCondition reachable => $"Reachable on {ChannelName(reachable.Channel)}",
        EventCondition evt => $"{EventSubject(evt)}{Window(evt.Window)} {Operands(evt)}",
        EngagementCondition engagement => Engagement(engagement),
        _ => node.GetType().Name,
    };

    private static string Operands(RuleOperand operand)
    {
        var op = operand.Operator ?? RuleOperator.IsSet;
        return op switch
        {
            RuleOperator.In or RuleOperator.NotIn => $"{OperatorSets.Describe(op)} {string.Join(", ", operand.Values ?? [])}",
            RuleOperator.Between => $"between {operand.From} and {operand.To}",
            RuleOperator.InLast => $"in the last {Period(operand.Amount, operand.Unit)}",
            RuleOperator.MoreThanAgo => $"more than {Period(operand.Amount, operand.Unit)} ago",
            RuleOperator.IsSet or RuleOperator.IsEmpty or RuleOperator.IsTrue or RuleOperator.IsFalse or RuleOperator.Never => OperatorSets.Describe(op),
            _ => $"{OperatorSets.Describe(op)} {operand.Value}",
        };
    }

    /// <summary>E.g. "Did not open campaign #12 in the last 30 days", "Clicked link 2 of campaign #12".</summary>
    private static string Engagement(EngagementCondition engagement)
    {
        var verb = engagement.Kind switch
        {
            EngagementKind.Received => engagement.Negate ? "receive" : "Received",
            EngagementKind.Opened => engagement.Negate ? "open" : "Opened",
            EngagementKind.Clicked => engagement.Negate ? "click" : "Clicked",
            _ => engagement.Negate ? "convert on" : "Converted on",
        };
        var campaign = engagement.CampaignId is { } id ? $"campaign #{id}" : "any campaign";
        var what = engagement.LinkIndex is { } link ? $"link {link} of {campaign}" : campaign;
        return $"{(engagement.Negate ? "Did not " : "")}{verb} {what}{Window(engagement.Window)}";
    }

    private static string Tags(TagCondition tag)
    {
        var list = string.Join(", ", tag.Tags ?? []);
        var single = tag.Tags is { Count: 1 };
        return tag.Operator == RuleOperator.NotHasTag
            ? single ? $"Does not have tag {list}" : $"Has none of the tags {list}"
            : single ? $"Has tag {list}" : $"Has any of the tags {list}";
    }

    private static string EventSubject(EventCondition evt)
    {
        var what = evt.Property is null ? evt.Event : $"{evt.Event}.{evt.Property}";
        return evt.Aggregate switch
        {
            EventAggregate.Count => $"Number of {evt.Event}",
            EventAggregate.Last => $"Last {evt.Event}",
            EventAggregate.Sum => $"Sum of {what}",
            EventAggregate.Min => $"Smallest {what}",
            _ => $"Largest {what}",
        };
    }

    private static string Window(EventWindow? window) => window switch
    {
        { InLast: { } last } => $" in the last {Period(last.Amount, last.Unit)}",
        { From: { } from, To: { } to } => $" from {Day(from)} to {Day(to)}",
        { From: { } from } => $" since {Day(from)}",
        { To: { } to } => $" until {Day(to)}",
        _ => "",
    };

    private static string Period(int? amount, PeriodUnit? unit)
    {
        var word = (unit ?? PeriodUnit.Days).ToString().ToLowerInvariant();
        return amount == 1 ? $"1 {word.TrimEnd('s')}" : $"{amount} {word}";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ChannelName(Channel channel) => channel switch
    {
        Channel.Sms => "SMS",
        Channel.WhatsApp => "WhatsApp",
        _ => channel.ToString().ToLowerInvariant(),
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
