using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The admin-defined campaign fields (e.g. cost centre, region). Everyone who reads may list them (the wizard shows
/// them); only admins change them. Deleting a field leaves the values campaigns hold, unused.
/// </summary>
public sealed class CampaignFieldService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<IReadOnlyList<CampaignFieldInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fields = await db.CampaignFields.AsNoTracking().OrderBy(f => f.Label).ToListAsync(cancellationToken);
        return [.. fields.Select(Info)];
    }

    public async Task<CampaignFieldInfo> CreateAsync(CampaignFieldInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        var field = new CampaignFieldDefinition(input.Key?.Trim().ToLowerInvariant() ?? "", input.Label ?? "", input.Type, input.Required, input.Options, clock.GetUtcNow().UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.CampaignFields.AnyAsync(f => f.Key == field.Key, cancellationToken))
        {
            throw ValidationFailedException.For("key", $"There is already a campaign field '{field.Key}'.");
        }

        db.CampaignFields.Add(field);
        await db.SaveChangesAsync(cancellationToken);
        return Info(field);
    }

    /// <summary>Changes the label, whether it is required and the options; the key and type stay.</summary>
    public async Task<CampaignFieldInfo> UpdateAsync(int id, CampaignFieldInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var field = await db.CampaignFields.FindAsync([id], cancellationToken) ?? throw NotFound(id);
        field.Update(input.Label ?? "", input.Required, input.Options);
        await db.SaveChangesAsync(cancellationToken);
        return Info(field);
    }

    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.CampaignFields.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw NotFound(id);
        }
    }

    private static NotFoundException NotFound(int id) => new($"There is no campaign field {id.ToString(CultureInfo.InvariantCulture)}.");

    private static CampaignFieldInfo Info(CampaignFieldDefinition f) => new(f.Id, f.Key, f.Label, f.Type, f.Required, f.Options);
}

public sealed class CampaignFieldInput
{
    public string? Key { get; set; }

    public string? Label { get; set; }

    public CampaignFieldType Type { get; set; }

    public bool Required { get; set; }

    public List<string>? Options { get; set; }
}

public sealed record CampaignFieldInfo(int Id, string Key, string Label, CampaignFieldType Type, bool Required, IReadOnlyList<string> Options);
