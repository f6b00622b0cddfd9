using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns.Content;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The distinct behaviour-event names the workspace has recorded, for <c>contact.events.&lt;name&gt;</c> in
/// personalisation. One <c>SELECT DISTINCT Name</c> (served by the name-first events index), kept for
/// <see cref="CacheFor"/>: a brand-new event name shows up in the editor and the content check within a minute.
/// </summary>
public sealed class EventNameCatalog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>How long a read list is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private (IReadOnlyList<string> Names, DateTimeOffset ReadAt)? cached;

    /// <summary>The event names, sorted; only those usable as a template path segment (<see cref="PersonalizationFields.IsEventFieldName"/>).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } names)
        {
            return names;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var read = (await db.ContactEvents.AsNoTracking().Select(e => e.Name).Distinct().ToListAsync(cancellationToken))
                .Where(PersonalizationFields.IsEventFieldName)
                .Order(StringComparer.Ordinal)
                .ToList();
            cached = (read, clock.GetUtcNow());
            return read;
        }
        finally
        {
            refresh.Release();
        }
    }

    private IReadOnlyList<string>? Fresh() =>
        cached is { } entry && clock.GetUtcNow() - entry.ReadAt < CacheFor ? entry.Names : null;
}
