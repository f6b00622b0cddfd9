namespace CampaignStudio.Features.Tracking;

/// <summary>What rendering a message needs to track it: where recipients reach this app, and a loaded signer.</summary>
public sealed record LinkTracking(string PublicBaseUrl, TrackingSigner Signer);
