using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>Admins define the contact fields the CRM adds to the standard ones (e.g. dealer tier, credit limit).</summary>
public sealed class CustomFieldService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<IReadOnlyList<CustomFieldSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fields = await db.CustomFields.AsNoTracking().OrderBy(f => f.Label).ToListAsync(cancellationToken);
        var counts = await db.ContactFieldValues.GroupBy(v => v.FieldId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. fields.Select(f => new CustomFieldSummary(f.Id, f.Key, f.Label, f.Type, f.Required, f.Choices, counts.GetValueOrDefault(f.Id)))];
    }

    public async Task<CustomFieldSummary> CreateAsync(string key, string label, CustomFieldType type, bool required, IReadOnlyList<string>? choices, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        var field = new CustomFieldDefinition(key.Trim().ToLowerInvariant(), label, type, required, choices, clock.GetUtcNow().UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.CustomFields.AnyAsync(f => f.Key == field.Key, cancellationToken))
        {
            throw ValidationFailedException.For("Key", $"There is already a field '{field.Key}'.");
        }

        db.CustomFields.Add(field);
        await db.SaveChangesAsync(cancellationToken);
        return new CustomFieldSummary(field.Id, field.Key, field.Label, field.Type, field.Required, field.Choices, 0);
    }

    /// <summary>Deletes a field and every contact's value of it.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ContactFieldValues.Where(v => v.FieldId == id).ExecuteDeleteAsync(cancellationToken);
        if (await db.CustomFields.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new NotFoundException("That field does not exist.");
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

public sealed record CustomFieldSummary(int Id, string Key, string Label, CustomFieldType Type, bool Required, IReadOnlyList<string> Choices, int ValueCount);
