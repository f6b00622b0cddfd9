using System.Text.Json.Serialization;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// The contact received, opened, clicked or converted on a campaign (any campaign when <see cref="CampaignId"/> is
/// null), or with <see cref="Negate"/> did not, e.g. "did not open campaign 12 in the last 30 days". For a click on a
/// chosen campaign, <see cref="LinkIndex"/> narrows it to one of the campaign's tracked links.
/// </summary>
public sealed class EngagementCondition : RuleNode
{
    public EngagementKind? Kind { get; set; }

    /// <summary>"Did not …": the contacts the condition would otherwise leave out (written only when true).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Negate { get; set; }

    public int? CampaignId { get; set; }

    /// <summary>One tracked link of the campaign (its position in the content); only with <see cref="EngagementKind.Clicked"/> and a campaign.</summary>
    public int? LinkIndex { get; set; }

    /// <summary>When it happened (received: when it was sent; the others: when the person first did it); null means all time.</summary>
    public EventWindow? Window { get; set; }
}
