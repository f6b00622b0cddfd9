using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>How many contacts match, and how many of them a message can reach on each channel (address and consent).</summary>
public sealed record SegmentReach(int Matching, IReadOnlyDictionary<Channel, int> Reachable);
