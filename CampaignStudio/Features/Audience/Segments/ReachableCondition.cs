using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A message can go to the contact on the channel: there is an address for it (an email, a phone number, a push
/// token) and the contact's consent on it is granted.
/// </summary>
public sealed class ReachableCondition : RuleNode
{
    public Channel Channel { get; set; }
}
