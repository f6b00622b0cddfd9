using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// Whether the first admin exists. Once true it never turns false again, so it is cached for the life of the
/// process; until then every request asks the database (a single-row primary-key lookup).
/// </summary>
public sealed class SetupState(IDbContextFactory<AppDbContext> contexts)
{
    private volatile bool complete;

    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default)
    {
        if (complete)
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        complete = await db.SystemSettings.AnyAsync(s => s.Key == SetupService.CompletedKey, cancellationToken);
        return complete;
    }

    internal void MarkComplete() => complete = true;
}
