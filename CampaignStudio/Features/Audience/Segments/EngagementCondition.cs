namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// The contact received, opened, clicked or converted on a campaign (any campaign when <see cref="CampaignId"/> is
/// null). Part of the model so that saved rules keep their shape; it becomes usable once tracking records engagement.
/// </summary>
public sealed class EngagementCondition : RuleNode
{
    public EngagementKind? Kind { get; set; }

    public int? CampaignId { get; set; }

    public EventWindow? Window { get; set; }
}
