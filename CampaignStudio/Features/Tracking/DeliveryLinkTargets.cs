using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>The stored targets of personalised short links: written by the workers before a message goes, read by the redirect.</summary>
public sealed class DeliveryLinkTargets(IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>Stores <paramref name="targets"/>, replacing what an earlier attempt of the same messages stored.</summary>
    public async Task SaveAsync(IReadOnlyCollection<DeliveryLinkTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var ids = targets.Select(t => t.DeliveryId).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.DeliveryLinkTargets.Where(t => ids.Contains(t.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
        db.DeliveryLinkTargets.AddRange(targets.DistinctBy(t => (t.DeliveryId, t.LinkIndex)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Where a personalised short link of a message goes, or null when nothing was stored for it.</summary>
    public async Task<string?> FindAsync(long deliveryId, int linkIndex, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeliveryLinkTargets.AsNoTracking().Where(t => t.DeliveryId == deliveryId && t.LinkIndex == linkIndex).Select(t => t.Url).FirstOrDefaultAsync(cancellationToken);
    }
}
