namespace CampaignStudio.Features.Audience.Segments;

/// <summary>Why a contact is in or out of a segment: the answer of every group and condition for that contact.</summary>
public sealed record SegmentExplanation(long ContactId, bool Matches, ExplainedRule Root);
