namespace CampaignStudio.Features.Audience.Segments;

/// <summary>What a field holds, which decides the operators a rule may use on it.</summary>
public enum RuleFieldKind
{
    Text,

    /// <summary>An address kept encrypted (email, phone): rules can only ask whether there is one.</summary>
    Presence,

    /// <summary>A calendar date (a birth date, a custom date field).</summary>
    Date,

    /// <summary>A point in time, UTC (when the contact was created).</summary>
    Instant,

    Number,
    Boolean,
    Choice,
}
