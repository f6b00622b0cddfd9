using System.Collections.Concurrent;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// The tracked links of each campaign: stored once when its messages are first prepared (content cannot change once a
/// campaign sends), and read by the click redirect from memory after the first click of a campaign.
/// </summary>
public sealed class CampaignLinkStore(IDbContextFactory<AppDbContext> contexts)
{
    private readonly ConcurrentDictionary<int, IReadOnlyDictionary<int, CampaignLink>> cache = new();

    /// <summary>The workers of this instance store a campaign's links one at a time, so they do not race each other.</summary>
    private readonly SemaphoreSlim saving = new(1, 1);

    /// <summary>Stores the links of a campaign that are not stored yet.</summary>
    public async Task SaveAsync(int campaignId, IReadOnlyList<TrackedLink> links, CancellationToken cancellationToken)
    {
        if (links.Count == 0)
        {
            return;
        }

        await saving.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var known = await db.CampaignLinks.Where(l => l.CampaignId == campaignId).Select(l => l.LinkIndex).ToListAsync(cancellationToken);
            var missing = links.Where(l => !known.Contains(l.Index)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            db.CampaignLinks.AddRange(missing.Select(l => new CampaignLink(campaignId, l.Index, l.Url, l.IsPersonalized, l.Channel)));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance stored them first: same links, same content.
            }

            cache.TryRemove(campaignId, out _);
        }
        finally
        {
            saving.Release();
        }
    }

    /// <summary>A campaign's link, or null when it has no such link.</summary>
    public async ValueTask<CampaignLink?> FindAsync(int campaignId, int linkIndex, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(campaignId, out var links) || !links.ContainsKey(linkIndex))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            links = (await db.CampaignLinks.AsNoTracking().Where(l => l.CampaignId == campaignId).ToListAsync(cancellationToken)).ToDictionary(l => l.LinkIndex);
            if (links.Count > 0)
            {
                cache[campaignId] = links;
            }
        }

        return links.GetValueOrDefault(linkIndex);
    }
}
