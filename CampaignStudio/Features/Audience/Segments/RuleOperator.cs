using System.Text.Json.Serialization;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Every operator of the rule language. Which ones a condition accepts depends on what it compares
/// (see <see cref="OperatorSets"/>); the validator says so in words when one does not apply.
/// </summary>
public enum RuleOperator
{
    // Text and choices (case-insensitive).
    [JsonStringEnumMemberName("equals")]
    EqualTo,

    [JsonStringEnumMemberName("notEquals")]
    NotEqualTo,

    In,
    NotIn,
    Contains,
    StartsWith,
    EndsWith,

    // Any field: has a value or not.
    IsSet,
    IsEmpty,

    // Dates and instants; before / after / inLast / moreThanAgo also for an event's last occurrence.
    On,
    Before,
    After,
    Between,
    InLast,
    MoreThanAgo,

    // Numbers, counts and sums.
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,

    // Booleans.
    IsTrue,
    IsFalse,

    // Tags.
    HasTag,
    NotHasTag,

    // An event's last occurrence: there is none.
    Never,
}
