namespace CampaignStudio.Features.Tracking;

/// <summary>What one fold did.</summary>
/// <param name="Leading">Whether this folder held the fold's lock; when not, another instance is counting.</param>
/// <param name="Folded">Pending hits counted and deleted.</param>
/// <param name="Waiting">Pending hits seen but left to the folder that holds the lock.</param>
/// <param name="Campaigns">The campaigns whose figures changed.</param>
/// <param name="NewestUtc">When the newest hit counted happened: with a full batch, about how far behind counting is.</param>
public sealed record FoldResult(bool Leading, int Folded, int Waiting, IReadOnlyCollection<int> Campaigns, DateTime? NewestUtc = null);
