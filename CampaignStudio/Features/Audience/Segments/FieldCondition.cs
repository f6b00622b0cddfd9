namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A standard contact field compared with a value, e.g. <c>region equals Maharashtra</c> or <c>createdAt inLast 30 days</c>.
/// Which operands are used depends on the operator: <see cref="RuleOperand.Value"/>, <see cref="RuleOperand.Values"/>
/// (in / notIn), <see cref="RuleOperand.From"/> and <see cref="RuleOperand.To"/> (between),
/// <see cref="RuleOperand.Amount"/> and <see cref="RuleOperand.Unit"/> (inLast / moreThanAgo).
/// </summary>
public sealed class FieldCondition : RuleOperand
{
    /// <summary>The field's rule name, e.g. <c>region</c>, <c>emailDomain</c>, <c>birthDate</c> (see <see cref="ContactFields"/>).</summary>
    public string Field { get; set; } = "";
}
