namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A condition made of an operator and its operands. Only the operands the operator needs are set:
/// a single <see cref="Value"/>; a list of <see cref="Values"/> for in / notIn; <see cref="From"/> and <see cref="To"/>
/// (both inclusive) for between; <see cref="Amount"/> and <see cref="Unit"/> for inLast / moreThanAgo.
/// </summary>
public abstract class RuleOperand : RuleNode
{
    public RuleOperator? Operator { get; set; }

    public RuleValue? Value { get; set; }

    public List<RuleValue>? Values { get; set; }

    public RuleValue? From { get; set; }

    public RuleValue? To { get; set; }

    public int? Amount { get; set; }

    public PeriodUnit? Unit { get; set; }
}
