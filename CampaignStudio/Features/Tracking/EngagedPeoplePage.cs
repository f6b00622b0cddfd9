namespace CampaignStudio.Features.Tracking;

/// <summary>A page of <see cref="EngagedPerson"/>s, newest first, and how many there are in all.</summary>
public sealed record EngagedPeoplePage(IReadOnlyList<EngagedPerson> Items, int Total, int Page, int PageSize);
