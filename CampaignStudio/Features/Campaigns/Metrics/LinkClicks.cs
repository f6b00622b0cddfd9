namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>One tracked link of a campaign: its position in the content, where it goes, all clicks and clicking people.</summary>
public sealed record LinkClicks(int LinkIndex, string Url, long Clicks, long UniqueClicks);
