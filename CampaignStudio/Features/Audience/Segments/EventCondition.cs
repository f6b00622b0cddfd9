namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// An aggregate of a contact's events compared with a value, e.g. "sum of <c>lifting</c>.<c>mt</c> in the last 90
/// days &gt; 100" or "last <c>purchase</c> more than 60 days ago". Without <see cref="Property"/>, sum/min/max use the
/// event's own value; with it they use that numeric property. A contact without any matching event has a count and
/// a sum of 0, no min or max, and a last occurrence of "never".
/// </summary>
public sealed class EventCondition : RuleOperand
{
    /// <summary>The event's name, e.g. <c>purchase</c>, <c>lifting</c>.</summary>
    public string Event { get; set; } = "";

    public EventAggregate Aggregate { get; set; } = EventAggregate.Count;

    /// <summary>A numeric property of the event, e.g. <c>mt</c>; null for the event's value.</summary>
    public string? Property { get; set; }

    /// <summary>Which events count; null means all time.</summary>
    public EventWindow? Window { get; set; }
}
