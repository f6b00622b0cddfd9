using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// Writes contacts that do not exist yet, with their tags, consents and custom field values, set-based: multi-row
/// inserts, whose generated ids the database reports when it hands them out consecutively; otherwise one indexed
/// lookup per thousand contacts finds them (every contact has an external id, an email or a phone, each unique).
/// Runs inside the caller's transaction.
/// </summary>
internal static class NewContactWriter
{
    private const int LookupChunk = 1_000;

    public static async Task InsertAsync(AppDbContext db, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        if (contacts.Count == 0)
        {
            return;
        }

        if (!await BulkSql.InsertAsync(db, contacts, null, cancellationToken))
        {
            await ReadIdsAsync(db, contacts, cancellationToken);
        }

        var owners = new Dictionary<object, long>(ReferenceEqualityComparer.Instance);
        foreach (var contact in contacts)
        {
            foreach (var child in contact.Tags.Cast<object>().Concat(contact.Consents).Concat(contact.FieldValues))
            {
                owners[child] = contact.Id;
            }
        }

        object? OwnerId(Microsoft.EntityFrameworkCore.Metadata.IProperty property, object child) =>
            property.Name == nameof(ContactTag.ContactId) ? owners[child] : BulkSql.NotSupplied;

        await BulkSql.InsertAsync(db, [.. contacts.SelectMany(c => c.Tags)], OwnerId, cancellationToken);
        await BulkSql.InsertAsync(db, [.. contacts.SelectMany(c => c.Consents)], OwnerId, cancellationToken);
        await BulkSql.InsertAsync(db, [.. contacts.SelectMany(c => c.FieldValues)], OwnerId, cancellationToken);
    }

    internal static async Task ReadIdsAsync(AppDbContext db, IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        var byExternalId = contacts.Where(c => c.ExternalId is not null).ToDictionary(c => c.ExternalId!, StringComparer.Ordinal);
        var byEmail = contacts.Where(c => c.ExternalId is null && c.EmailHash is not null).ToDictionary(c => Convert.ToBase64String(c.EmailHash!));
        var byPhone = contacts.Where(c => c.ExternalId is null && c.EmailHash is null).ToDictionary(c => Convert.ToBase64String(c.PhoneHash!));

        foreach (var chunk in byExternalId.Keys.Chunk(LookupChunk))
        {
            var found = await db.Contacts.Where(c => chunk.Contains(c.ExternalId!)).Select(c => new { c.Id, c.ExternalId }).ToListAsync(cancellationToken);
            found.ForEach(f => BulkSql.SetKey(db, byExternalId[f.ExternalId!], f.Id));
        }

        foreach (var chunk in byEmail.Values.Select(c => c.EmailHash!).Chunk(LookupChunk))
        {
            var found = await db.Contacts.Where(c => chunk.Contains(c.EmailHash!)).Select(c => new { c.Id, c.EmailHash }).ToListAsync(cancellationToken);
            found.ForEach(f => BulkSql.SetKey(db, byEmail[Convert.ToBase64String(f.EmailHash!)], f.Id));
        }

        foreach (var chunk in byPhone.Values.Select(c => c.PhoneHash!).Chunk(LookupChunk))
        {
            var found = await db.Contacts.Where(c => chunk.Contains(c.PhoneHash!)).Select(c => new { c.Id, c.PhoneHash }).ToListAsync(cancellationToken);
            found.ForEach(f => BulkSql.SetKey(db, byPhone[Convert.ToBase64String(f.PhoneHash!)], f.Id));
        }

        if (contacts.FirstOrDefault(c => c.Id == 0) is { } missing)
        {
            throw new InvalidOperationException($"A contact inserted in bulk was not found again (external id '{missing.ExternalId}').");
        }
    }
}
