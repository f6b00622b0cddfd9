using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Metrics;

/// <summary>One tracked link of a campaign: its position in the content, where it goes, all clicks and clicking people, and the channel it is in.</summary>
public sealed record LinkClicks(int LinkIndex, string Url, long Clicks, long UniqueClicks)
{
    public Channel Channel { get; init; } = Channel.Email;
}
