using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>The approval settings: everyone who reads may see them (pages show who must approve); only admins change them.</summary>
public sealed class CampaignApprovalSettingsService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<CampaignApprovalSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CampaignApprovalSettings.ReadAsync(db, cancellationToken);
    }

    /// <summary>
    /// Saves the settings. Turning approval off leaves campaigns already waiting where they are (an approver still
    /// decides, or their creator withdraws them); turning it on leaves scheduled campaigns scheduled.
    /// </summary>
    public async Task<CampaignApprovalSettings> SaveAsync(CampaignApprovalSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await currentUser.RequireAsync(Policies.Administer);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.SystemSettings.FirstOrDefaultAsync(s => s.Key == CampaignApprovalSettings.Key, cancellationToken);
        if (stored is null)
        {
            db.SystemSettings.Add(new SystemSetting(CampaignApprovalSettings.Key, settings.ToJson(), now));
        }
        else
        {
            stored.Change(settings.ToJson(), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return settings;
    }
}
