namespace CampaignStudio.Features.Tracking;

/// <summary>What a recipient did with a message.</summary>
public enum TrackingEventKind
{
    Open = 1,
    Click = 2,
    Conversion = 3,
    Unsubscribe = 4,
}
