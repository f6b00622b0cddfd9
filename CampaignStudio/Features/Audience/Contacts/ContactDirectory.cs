using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// The contacts grid and the contact form: paged search, single create and edit (replace semantics: a cleared
/// field is cleared), bulk tagging and deletion.
/// </summary>
public sealed class ContactDirectory(
    IDbContextFactory<AppDbContext> contexts,
    ContactNormalizer normalizer,
    PiiProtector pii,
    CurrentUser currentUser,
    TimeProvider clock)
{
    public const int MaxBulk = 10_000;

    public async Task<ContactPage> ListAsync(ContactQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contacts = Filter(db, db.Contacts.AsNoTracking(), query);
        var total = await contacts.CountAsync(cancellationToken);
        var ordered = query.Sort switch
        {
            ContactSort.Oldest => contacts.OrderBy(c => c.Id),
            ContactSort.Name => contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
            ContactSort.NameDescending => contacts.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenByDescending(c => c.Id),
            ContactSort.City => contacts.OrderBy(c => c.City).ThenBy(c => c.Id),
            ContactSort.Company => contacts.OrderBy(c => c.Company).ThenBy(c => c.Id),
            _ => contacts.OrderByDescending(c => c.Id),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        // A deferred join: the page's ids first, which a deep page finds by walking only the sort column's index
        // (it holds the id), then those few rows whole. Skipping over whole rows would read every one of them.
        var ids = await ordered.Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize).Select(c => c.Id).ToListAsync(cancellationToken);
        var rows = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ExternalId, c.FirstName, c.LastName, c.EmailCipher, c.PhoneCipher, c.Company, c.City, c.Country, c.CreatedUtc, Tags = c.Tags.Select(t => t.Tag).ToList() })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var page = ids.Where(rows.ContainsKey).Select(id => rows[id]);
        return new ContactPage(
            [.. page.Select(c => new ContactRow(c.Id, c.ExternalId, DisplayName(c.FirstName, c.LastName, c.Id), pii.DecryptOrNull(c.EmailCipher), pii.DecryptOrNull(c.PhoneCipher), c.Company, c.City, c.Country, [.. c.Tags.Order()], c.CreatedUtc))],
            total);
    }

    public async Task<IReadOnlyList<string>> TagsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ContactTags.Select(t => t.Tag).Distinct().OrderBy(t => t).Take(500).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CustomFieldDefinition>> CustomFieldsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CustomFields.AsNoTracking().OrderBy(f => f.Label).ToListAsync(cancellationToken);
    }

    /// <summary>Creates one contact; an email, phone or external id that another contact has is a field error.</summary>
    public async Task<long> CreateAsync(ContactInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = await NormalizeAsync(db, input, exceptId: null, cancellationToken);
        var contact = db.Contacts.Add(new Contact(clock.GetUtcNow().UtcDateTime)).Entity;
        ContactProfileWriter.Write(contact, normalized, pii, clock.GetUtcNow().UtcDateTime, ProfileUpdate.Replace);
        await SaveAsync(db, cancellationToken);
        return contact.Id;
    }

    /// <summary>Replaces the contact's profile with the form's values (a blank field clears it); tags and custom fields are replaced too.</summary>
    public async Task UpdateAsync(long id, ContactInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsSplitQuery().Include(c => c.Tags).Include(c => c.Consents).Include(c => c.FieldValues)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException($"There is no contact {id}.");
        var normalized = await NormalizeAsync(db, input, exceptId: id, cancellationToken);
        ContactProfileWriter.Write(contact, normalized, pii, clock.GetUtcNow().UtcDateTime, ProfileUpdate.Replace);
        foreach (var tag in contact.Tags.Select(t => t.Tag).Except(normalized.Tags).ToList())
        {
            contact.RemoveTag(tag);
        }

        var fields = await db.CustomFields.ToListAsync(cancellationToken);
        foreach (var field in fields.Where(f => normalized.Fields.All(v => v.Field.Id != f.Id)))
        {
            contact.SetField(field, null);
        }

        await SaveAsync(db, cancellationToken);
    }

    public async Task<int> TagAsync(IReadOnlyCollection<long> ids, string tag, bool add, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        CheckBulk(ids);
        var clean = normalizer.Normalize(new ContactInput { ExternalId = "x", Tags = [tag] }, new Dictionary<string, CustomFieldDefinition>(), out var errors)?.Tags.SingleOrDefault()
            ?? throw new ValidationFailedException(errors.ToDictionary(e => "tag", e => e.Value));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            var contacts = await db.Contacts.Include(c => c.Tags).Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken);
            changed += contacts.Count(c => add ? c.AddTag(clean) : c.RemoveTag(clean));
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>Deletes contacts with everything that hangs off them (tags, consents, fields, events, tokens), in one transaction.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        CheckBulk(ids);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            await db.ContactEventMeasures.Where(m => chunk.Contains(m.ContactId)).ExecuteDeleteAsync(cancellationToken);
            await db.ContactEvents.Where(e => chunk.Contains(e.ContactId)).ExecuteDeleteAsync(cancellationToken);
            await db.ContactPushTokens.Where(t => chunk.Contains(t.ContactId)).ExecuteDeleteAsync(cancellationToken);
            await db.ContactTags.Where(t => chunk.Contains(t.ContactId)).ExecuteDeleteAsync(cancellationToken);
            await db.ContactConsents.Where(t => chunk.Contains(t.ContactId)).ExecuteDeleteAsync(cancellationToken);
            await db.ContactFieldValues.Where(t => chunk.Contains(t.ContactId)).ExecuteDeleteAsync(cancellationToken);
            deleted += await db.Contacts.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private IQueryable<Contact> Filter(AppDbContext db, IQueryable<Contact> contacts, ContactQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim().ToLowerInvariant();
            contacts = contacts.Where(c => db.ContactTags.Any(t => t.ContactId == c.Id && t.Tag == tag));
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            contacts = contacts.Where(c => c.Country == country);
        }

        var search = query.Search?.Trim();
        if (string.IsNullOrEmpty(search))
        {
            return contacts;
        }

        if (search.Contains('@'))
        {
            // Emails are encrypted: exact match through the blind index.
            var hash = pii.BlindIndex(search.ToLowerInvariant());
            return contacts.Where(c => c.EmailHash == hash);
        }

        if (normalizer.Normalize(new ContactInput { Phone = search }, new Dictionary<string, CustomFieldDefinition>(), out _)?.Phone is { } phone)
        {
            var hash = pii.BlindIndex(phone);
            return contacts.Where(c => c.PhoneHash == hash);
        }

        // Prefix search uses the indexes on last name and the others; it stays fast on a million rows.
        var prefix = search + "%";
        return contacts.Where(c => EF.Functions.Like(c.LastName!, prefix) || EF.Functions.Like(c.FirstName!, prefix)
            || EF.Functions.Like(c.Company!, prefix) || EF.Functions.Like(c.City!, prefix) || c.ExternalId == search);
    }

    /// <summary>Validates the form and checks that its identifiers are free, reporting every problem at once, next to its field.</summary>
    private async Task<NormalizedContact> NormalizeAsync(AppDbContext db, ContactInput input, long? exceptId, CancellationToken cancellationToken)
    {
        var fields = await db.CustomFields.ToDictionaryAsync(f => f.Key, cancellationToken);
        var normalized = normalizer.Normalize(input, fields, out var errors);
        var none = new Dictionary<string, CustomFieldDefinition>();
        var identifiers = normalized ?? new NormalizedContact(
            normalizer.Normalize(new ContactInput { ExternalId = input.ExternalId }, none, out _)?.ExternalId,
            normalizer.Normalize(new ContactInput { Email = input.Email }, none, out _)?.Email, null,
            normalizer.Normalize(new ContactInput { Phone = input.Phone, Country = input.Country }, none, out _)?.Phone,
            null, null, null, null, null, null, null, null, null, null, [], [], [], []);
        foreach (var (field, messages) in await UniquenessErrorsAsync(db, identifiers, exceptId, cancellationToken))
        {
            errors[field] = messages;
        }

        return errors.Count == 0 && normalized is not null ? normalized : throw new ValidationFailedException(errors);
    }

    private async Task<Dictionary<string, string[]>> UniquenessErrorsAsync(AppDbContext db, NormalizedContact input, long? exceptId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.ExternalId is { } externalId && await db.Contacts.Where(c => c.ExternalId == externalId && c.Id != exceptId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } byId)
        {
            errors["externalId"] = [$"Contact #{byId} already has this external id."];
        }

        if (input.Email is { } email)
        {
            var hash = pii.BlindIndex(email);
            if (await db.Contacts.Where(c => c.EmailHash == hash && c.Id != exceptId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } other)
            {
                errors["email"] = [$"Contact #{other} already has this email."];
            }
        }

        if (input.Phone is { } phone)
        {
            var hash = pii.BlindIndex(phone);
            if (await db.Contacts.Where(c => c.PhoneHash == hash && c.Id != exceptId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } other)
            {
                errors["phone"] = [$"Contact #{other} already has this phone number."];
            }
        }

        return errors;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Another change to this contact's email, phone or external id was saved at the same moment. Check and save again.");
        }
    }

    private static void CheckBulk(IReadOnlyCollection<long> ids)
    {
        if (ids.Count is 0 or > MaxBulk)
        {
            throw ValidationFailedException.For("selection", $"Select between 1 and {MaxBulk:N0} contacts.");
        }
    }

    internal static string DisplayName(string? first, string? last, long id) =>
        string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : $"Contact #{id}";
}
