using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Tracking;

/// <summary>The message a short link is in (its campaign and channel) and, for a personalised link, where it was rendered to lead.</summary>
public sealed record ShortLinkMessage(int CampaignId, Channel Channel, string? PersonalizedTarget);
