using CampaignStudio.Features.Campaigns;

namespace CampaignStudio.Features.Reporting;

/// <summary>What a report can be filtered by: the people who created campaigns and the segments.</summary>
public sealed record ReportChoices(IReadOnlyList<CampaignCreator> Creators, IReadOnlyList<SegmentChoice> Segments);
