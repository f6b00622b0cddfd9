namespace CampaignStudio.Features.Campaigns;

/// <summary>A segment picked for a campaign's audience, with its name as it was when picked (for the change log).</summary>
public sealed record SegmentChoice(int Id, string Name);
