using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Checks rules against the workspace's custom fields before they are saved or run. Every problem is reported at
/// once, keyed by where it is (<c>root.rules[1].rules[0].operator</c>), in words a marketer can act on.
/// </summary>
public sealed class SegmentValidator
{
    public const int MaxDepth = 10;
    public const int MaxConditions = 200;
    public const int MaxListValues = 1000;
    private const int MaxTextLength = 500;
    private const int MaxNameLength = 64;

    /// <summary>Throws <see cref="ValidationFailedException"/> listing every problem of <paramref name="definition"/>.</summary>
    public void Validate(SegmentDefinition? definition, IReadOnlyList<CustomFieldDefinition> customFields)
    {
        var walk = new Walk(customFields);
        walk.Definition(definition);
        if (walk.Errors.Count > 0)
        {
            throw new ValidationFailedException(walk.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private sealed class Walk(IReadOnlyList<CustomFieldDefinition> customFields)
    {
        private int conditions;

        public Dictionary<string, List<string>> Errors { get; } = [];

        public void Definition(SegmentDefinition? definition)
        {
            if (definition?.Root is null)
            {
                Add("root", "Add at least one condition.");
                return;
            }

            if (definition.Version != SegmentDefinition.CurrentVersion)
            {
                Add("version", $"These rules are in format version {definition.Version}; this version of CampaignStudio reads version {SegmentDefinition.CurrentVersion}.");
            }

            Group(definition.Root, "root", 1);
            if (conditions > MaxConditions)
            {
                Add("root", $"A segment has at most {MaxConditions} conditions; this one has {conditions}. Simplify it or split it into several segments.");
            }
        }

        private void Node(RuleNode? node, string path, int depth)
        {
            switch (node)
            {
                case null:
                    Add(path, "This condition is empty; fill it in or remove it.");
                    break;
                case RuleGroup group:
                    Group(group, path, depth + 1);
                    break;
                default:
                    conditions++;
                    Condition(node, path);
                    break;
            }
        }

        private void Group(RuleGroup group, string path, int depth)
        {
            if (depth > MaxDepth)
            {
                Add(path, $"Groups can be nested at most {MaxDepth} levels deep.");
                return;
            }

            if (!Enum.IsDefined(group.Operator))
            {
                Add($"{path}.operator", "Choose whether all or any of the conditions must hold.");
            }

            if (group.Rules is not { Count: > 0 })
            {
                Add(path, "This group has no conditions; add one or remove the group.");
                return;
            }

            for (var i = 0; i < group.Rules.Count; i++)
            {
                Node(group.Rules[i], $"{path}.rules[{i}]", depth);
            }
        }

        private void Condition(RuleNode node, string path)
        {
            switch (node)
            {
                case FieldCondition field:
                    StandardField(field, path);
                    break;
                case CustomFieldCondition custom:
                    CustomField(custom, path);
                    break;
                case TagCondition tag:
                    Tag(tag, path);
                    break;
                case ConsentCondition consent:
                    Channel(consent.Channel, path);
                    if (consent.Status is not { } status || !Enum.IsDefined(status))
                    {
                        Add($"{path}.status", "Choose granted, withdrawn or unknown.");
                    }

                    break;
                case ReachableCondition reachable:
                    Channel(reachable.Channel, path);
                    break;
                case EventCondition evt:
                    Event(evt, path);
                    break;
                case EngagementCondition engagement:
                    Engagement(engagement, path);
                    break;
            }
        }

        private void StandardField(FieldCondition condition, string path)
        {
            var field = ContactFields.Find(condition.Field);
            if (field is null)
            {
                var known = string.Join(", ", ContactFields.All.Select(f => f.Name));
                Add($"{path}.field", string.IsNullOrWhiteSpace(condition.Field)
                    ? "Choose a contact field."
                    : $"'{condition.Field}' is not a contact field; use one of {known}.");
                return;
            }

            if (Operator(condition.Operator, OperatorSets.ForField(field.Kind), $"the {OperatorSets.KindWord(field.Kind)} field '{field.Label}'", path) is { } op)
            {
                Operands(condition, op, field.Kind, path, choices: null);
            }
        }

        private void CustomField(CustomFieldCondition condition, string path)
        {
            var field = customFields.FirstOrDefault(f => string.Equals(f.Key, condition.Key, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                Add($"{path}.key", string.IsNullOrWhiteSpace(condition.Key)
                    ? "Choose a custom field."
                    : $"There is no custom field '{condition.Key}'; it may have been renamed or deleted.");
                return;
            }

            var kind = OperatorSets.KindOf(field.Type);
            if (Operator(condition.Operator, OperatorSets.ForField(kind), $"the {OperatorSets.KindWord(kind)} field '{field.Label}'", path) is { } op)
            {
                Operands(condition, op, kind, path, kind == RuleFieldKind.Choice ? field : null);
            }
        }

        private void Tag(TagCondition condition, string path)
        {
            Operator(condition.Operator, OperatorSets.ForTags, "tags", path);
            if (condition.Tags is not { Count: > 0 })
            {
                Add($"{path}.tags", "Enter at least one tag.");
                return;
            }

            for (var i = 0; i < condition.Tags.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(condition.Tags[i]) || condition.Tags[i].Length > MaxNameLength)
                {
                    Add($"{path}.tags[{i}]", $"A tag is 1 to {MaxNameLength} characters.");
                }
            }
        }

        private void Channel(Channel channel, string path)
        {
            if (!Enum.IsDefined(channel))
            {
                Add($"{path}.channel", "Choose a channel: email, SMS, WhatsApp or push.");
            }
        }

        private void Event(EventCondition condition, string path)
        {
            Name(condition.Event, $"{path}.event", "Enter the event's name, e.g. purchase.");
            if (condition.Property is not null)
            {
                Name(condition.Property, $"{path}.property", "Enter the property's name, e.g. mt, or leave it out to use the event's value.");
            }

            Window(condition.Window, $"{path}.window");
            if (!Enum.IsDefined(condition.Aggregate))
            {
                Add($"{path}.aggregate", "Choose count, sum, min, max or last.");
                return;
            }

            var subject = condition.Aggregate == EventAggregate.Last ? "the last time of an event" : $"the {condition.Aggregate.ToString().ToLowerInvariant()} of an event";
            if (Operator(condition.Operator, OperatorSets.ForEvent(condition.Aggregate), subject, path) is not { } op)
            {
                return;
            }

            if (condition.Aggregate == EventAggregate.Last)
            {
                Operands(condition, op, RuleFieldKind.Date, path, choices: null);
                return;
            }

            Operands(condition, op, RuleFieldKind.Number, path, choices: null);
            if (condition.Aggregate == EventAggregate.Count)
            {
                WholeCount(condition.Value, $"{path}.value");
                WholeCount(condition.From, $"{path}.from");
                WholeCount(condition.To, $"{path}.to");
            }
        }

        private void Engagement(EngagementCondition condition, string path)
        {
            if (condition.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                Add($"{path}.kind", "Choose received, opened, clicked or converted.");
            }

            if (condition.CampaignId is <= 0)
            {
                Add($"{path}.campaignId", "Choose a sent campaign, or any campaign.");
            }

            if (condition.LinkIndex is { } link)
            {
                if (condition.Kind != EngagementKind.Clicked || condition.CampaignId is null)
                {
                    Add($"{path}.linkIndex", "A link can be chosen only for 'clicked' on a chosen campaign.");
                }
                else if (link < 0)
                {
                    Add($"{path}.linkIndex", "Choose one of the campaign's links, or leave it out for any link.");
                }
            }

            Window(condition.Window, $"{path}.window");
        }

        private RuleOperator? Operator(RuleOperator? op, IReadOnlyList<RuleOperator> allowed, string subject, string path)
        {
            if (op is null || !Enum.IsDefined(op.Value))
            {
                Add($"{path}.operator", $"Choose an operator: {OperatorSets.DescribeChoices(allowed)}.");
                return null;
            }

            if (!allowed.Contains(op.Value))
            {
                Add($"{path}.operator", $"'{OperatorSets.JsonName(op.Value)}' does not apply to {subject}; use {OperatorSets.DescribeChoices(allowed)}.");
                return null;
            }

            return op;
        }

        /// <summary>The operands <paramref name="op"/> needs on a value of <paramref name="kind"/>.</summary>
        private void Operands(RuleOperand condition, RuleOperator op, RuleFieldKind kind, string path, CustomFieldDefinition? choices)
        {
            switch (op)
            {
                case RuleOperator.In or RuleOperator.NotIn:
                    List(condition.Values, kind, $"{path}.values", choices);
                    break;
                case RuleOperator.Between:
                    Range(condition, kind, path);
                    break;
                case RuleOperator.InLast or RuleOperator.MoreThanAgo:
                    Period(condition.Amount, condition.Unit, path);
                    break;
                case RuleOperator.IsSet or RuleOperator.IsEmpty or RuleOperator.IsTrue or RuleOperator.IsFalse or RuleOperator.Never:
                    break;
                default:
                    Value(condition.Value, kind, $"{path}.value", choices);
                    break;
            }
        }

        private void List(List<RuleValue>? values, RuleFieldKind kind, string path, CustomFieldDefinition? choices)
        {
            if (values is not { Count: > 0 })
            {
                Add(path, "Enter at least one value.");
                return;
            }

            if (values.Count > MaxListValues)
            {
                Add(path, $"A list has at most {MaxListValues} values; this one has {values.Count}.");
                return;
            }

            for (var i = 0; i < values.Count; i++)
            {
                Value(values[i], kind, $"{path}[{i}]", choices);
            }
        }

        private void Range(RuleOperand condition, RuleFieldKind kind, string path)
        {
            var fromValid = Value(condition.From, kind, $"{path}.from", null);
            var toValid = Value(condition.To, kind, $"{path}.to", null);
            if (!fromValid || !toValid)
            {
                return;
            }

            var backwards = kind == RuleFieldKind.Number
                ? condition.From!.TryGetNumber(out var from) && condition.To!.TryGetNumber(out var to) && from > to
                : condition.From!.TryGetDate(out var fromDate) && condition.To!.TryGetDate(out var toDate) && fromDate > toDate;
            if (backwards)
            {
                Add($"{path}.to", $"The range ends ({condition.To}) before it starts ({condition.From}); swap the two.");
            }
        }

        /// <summary>Checks one operand; true when it is usable.</summary>
        private bool Value(RuleValue? value, RuleFieldKind kind, string path, CustomFieldDefinition? choices)
        {
            if (value is null || string.IsNullOrWhiteSpace(value.Text))
            {
                Add(path, kind switch
                {
                    RuleFieldKind.Number => "Enter a number to compare with.",
                    RuleFieldKind.Date or RuleFieldKind.Instant => "Enter a date as YYYY-MM-DD.",
                    _ => "Enter a value to compare with.",
                });
                return false;
            }

            var problem = kind switch
            {
                RuleFieldKind.Number when !value.TryGetNumber(out _) => $"'{value}' is not a number; enter a number such as 100 or 12.5.",
                RuleFieldKind.Date or RuleFieldKind.Instant when !value.TryGetDate(out _) => $"'{value}' is not a date; enter it as YYYY-MM-DD, e.g. 2026-01-31.",
                RuleFieldKind.Choice when choices is not null && !choices.Choices.Contains(value.Text.Trim(), StringComparer.OrdinalIgnoreCase) =>
                    $"'{value}' is not one of the choices of '{choices.Label}': {string.Join(", ", choices.Choices)}.",
                RuleFieldKind.Text or RuleFieldKind.Choice when value.Text.Length > MaxTextLength => $"A value is at most {MaxTextLength} characters.",
                _ => null,
            };
            if (problem is not null)
            {
                Add(path, problem);
            }

            return problem is null;
        }

        private void WholeCount(RuleValue? value, string path)
        {
            if (value is not null && value.TryGetNumber(out var count) && (count < 0 || count != decimal.Truncate(count) || count > int.MaxValue))
            {
                Add(path, $"A count is a whole number, 0 or more, not {count.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        private void Period(int? amount, PeriodUnit? unit, string path)
        {
            if (unit is not { } u || !Enum.IsDefined(u))
            {
                Add($"{path}.unit", "Choose days, weeks or months.");
                return;
            }

            var max = PeriodMath.MaxAmount(u);
            if (amount is not { } a || a < 1 || a > max)
            {
                Add($"{path}.amount", $"Enter how many {u.ToString().ToLowerInvariant()}: a whole number from 1 to {max}.");
            }
        }

        private void Window(EventWindow? window, string path)
        {
            if (window is null)
            {
                return;
            }

            if (window.InLast is not null && (window.From is not null || window.To is not null))
            {
                Add(path, "Use either 'in the last …' or a from/to range, not both.");
                return;
            }

            if (window.InLast is { } last)
            {
                Period(last.Amount, last.Unit, $"{path}.inLast");
            }
            else if (window.From > window.To)
            {
                Add($"{path}.to", $"The range ends ({window.To:yyyy-MM-dd}) before it starts ({window.From:yyyy-MM-dd}); swap the two.");
            }
        }

        private void Name(string? name, string path, string missing)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                Add(path, missing);
            }
            else if (name.Length > MaxNameLength)
            {
                Add(path, $"A name is at most {MaxNameLength} characters.");
            }
        }

        private void Add(string path, string message)
        {
            if (!Errors.TryGetValue(path, out var messages))
            {
                Errors[path] = messages = [];
            }

            messages.Add(message);
        }
    }
}
