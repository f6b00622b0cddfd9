using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Links;

/// <summary>A channel on the preference page and whether the person gets messages on it now.</summary>
public sealed record ChannelPreference(Channel Channel, bool Subscribed);
