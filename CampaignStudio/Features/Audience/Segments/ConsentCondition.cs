using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>The contact's consent on a channel; <see cref="ConsentStatus.Unknown"/> also matches contacts never asked.</summary>
public sealed class ConsentCondition : RuleNode
{
    public Channel Channel { get; set; }

    public ConsentStatus? Status { get; set; }
}
