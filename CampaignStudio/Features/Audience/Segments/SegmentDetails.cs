namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A saved segment with its rules; pass <see cref="Revision"/> back when updating it.</summary>
public sealed record SegmentDetails(int Id, string Name, string? Description, SegmentDefinition Definition, string CreatedByName, DateTime CreatedUtc, string? UpdatedByName, DateTime UpdatedUtc, int Revision);
