namespace CampaignStudio.Features.Audience.Segments;

/// <summary>One tracked link of a campaign, for "clicked this link": its position in the content and its target as written.</summary>
public sealed record CampaignLinkChoice(int Index, string Url);
