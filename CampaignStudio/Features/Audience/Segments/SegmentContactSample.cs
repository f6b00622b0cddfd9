namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A contact in a segment's preview (no decrypted personal data).</summary>
public sealed record SegmentContactSample(long Id, string? FirstName, string? LastName, string? City, string? Country);
