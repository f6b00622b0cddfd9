namespace CampaignStudio.Features.Tracking;

/// <summary>The message a conversion was attributed to, once it is recorded.</summary>
public sealed record ConversionRecorded(long DeliveryId, int CampaignId, string Name, decimal? Value, string? Currency);
