using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>The stored targets of personalised short links (written by the workers before a message goes), and what a short link leads to.</summary>
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

    /// <summary>
    /// What a short link leads to: its message's campaign and channel, and — for a personalised link — the target stored
    /// for that message; null when the message no longer exists.
    /// </summary>
    public async Task<ShortLinkMessage?> ResolveAsync(ShortLinkTarget link, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deliveries.AsNoTracking()
            .Where(d => d.Id == link.DeliveryId)
            .Select(d => new ShortLinkMessage(d.CampaignId, d.Channel, db.DeliveryLinkTargets.Where(t => t.DeliveryId == d.Id && t.LinkIndex == link.LinkIndex).Select(t => t.Url).FirstOrDefault()))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
