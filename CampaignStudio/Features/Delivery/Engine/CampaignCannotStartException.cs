namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>A campaign's time came but it cannot go out (its segments were deleted, its sender removed…): it fails with this reason.</summary>
public sealed class CampaignCannotStartException(string reason) : Exception(reason);
