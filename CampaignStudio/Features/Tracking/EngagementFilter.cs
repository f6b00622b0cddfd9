namespace CampaignStudio.Features.Tracking;

/// <summary>Which people of a campaign to list.</summary>
public enum EngagementFilter
{
    Opened = 1,
    Clicked = 2,
    Converted = 3,
}
