namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A saved segment in a list.</summary>
public sealed record SegmentSummary(int Id, string Name, string? Description, string CreatedByName, DateTime CreatedUtc, DateTime UpdatedUtc, int Revision);
