namespace CampaignStudio.Features.Audience.Segments;

public enum EngagementKind
{
    Received,
    Opened,
    Clicked,
    Converted,
}
