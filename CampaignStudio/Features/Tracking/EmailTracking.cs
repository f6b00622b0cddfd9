namespace CampaignStudio.Features.Tracking;

/// <summary>What rendering a message needs to track it: where recipients reach this app, and a loaded signer.</summary>
public sealed record EmailTracking(string PublicBaseUrl, TrackingSigner Signer);
