using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// Creates, updates (upserts), reads and lists contacts. A batch matches existing contacts by external id, then
/// email, then phone (through the blind indexes), and is written in one transaction.
/// </summary>
public sealed class ContactService(
    IDbContextFactory<AppDbContext> contexts,
    ContactNormalizer normalizer,
    PiiProtector pii,
    CurrentUser currentUser,
    TimeProvider clock)
{
    private const int LookupChunk = 1_000;

    /// <summary>
    /// Upserts a batch. With <paramref name="allOrNothing"/>, any invalid item rejects the whole batch with a
    /// <see cref="ValidationFailedException"/> keyed <c>items[i].field</c>; otherwise invalid items are reported
    /// and the valid ones are written.
    /// </summary>
    public async Task<ContactBatchResult> UpsertAsync(IReadOnlyList<ContactInput> inputs, bool allOrNothing, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await UpsertAuthorizedAsync(inputs, allOrNothing, cancellationToken);
    }

    /// <summary>For callers that authorised once for a long run (CSV import).</summary>
    internal async Task<ContactBatchResult> UpsertAuthorizedAsync(IReadOnlyList<ContactInput> inputs, bool allOrNothing, CancellationToken cancellationToken)
    {
        Dictionary<string, CustomFieldDefinition> fields;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            fields = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, cancellationToken);
        }

        return await WriteAsync(Prepare(inputs, fields), allOrNothing, cancellationToken);
    }

    /// <summary>
    /// The CPU half of an upsert, without the database: validates and normalises each input and seals its email
    /// and phone. An import prepares the next batch while the previous one is being written.
    /// </summary>
    internal PreparedContacts Prepare(IReadOnlyList<ContactInput> inputs, IReadOnlyDictionary<string, CustomFieldDefinition> fields)
    {
        var prepared = new PreparedContacts(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var normalized = normalizer.Normalize(inputs[i], fields, out var itemErrors);
            if (normalized is null)
            {
                prepared.Reject(i, itemErrors);
            }
            else
            {
                prepared.Valid.Add(new SealedContact(i, normalized, normalized.Email is { } email ? pii.Seal(email) : null, normalized.Phone is { } phone ? pii.Seal(phone) : null));
            }
        }

        return prepared;
    }

    /// <summary>
    /// Writes a prepared batch in one transaction: matches existing contacts by external id, then email, then phone,
    /// updates those through change tracking and inserts the new ones set-based.
    /// </summary>
    /// <param name="candidates">
    /// The ids <see cref="FindCandidatesAsync"/> found for this batch beforehand, or null to look them up in the
    /// write's transaction. Candidates found earlier can miss a contact saved since; its unique index then refuses
    /// the insert and the write fails with a <see cref="ConflictException"/>, to be retried without them.
    /// </param>
    internal async Task<ContactBatchResult> WriteAsync(PreparedContacts batch, bool allOrNothing, CancellationToken cancellationToken, IReadOnlyCollection<long>? candidates = null)
    {
        if (allOrNothing && batch.Errors.Count > 0)
        {
            throw new ValidationFailedException(batch.Errors);
        }

        var results = batch.Results;
        var valid = batch.Valid;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var index = await LoadMatchesAsync(db, candidates ?? await FindCandidateIdsAsync(db, valid, cancellationToken), cancellationToken);
        var written = new List<(int Index, Contact Contact, bool Created, NormalizedContact Input)>();
        var fresh = new List<Contact>(); // new contacts go in set-based; updates go through change tracking
        foreach (var sealedContact in valid)
        {
            var (i, input, _, _) = sealedContact;
            var contact = index.Match(sealedContact, out var conflict);
            if (conflict is not null)
            {
                if (allOrNothing)
                {
                    throw ValidationFailedException.For($"items[{i}].{conflict.Value.Field}", conflict.Value.Message);
                }

                results[i] = new ContactItemResult(i, ItemOutcome.Rejected, null, new Dictionary<string, string[]> { [conflict.Value.Field] = [conflict.Value.Message] });
                continue;
            }

            var created = contact is null;
            if (contact is null)
            {
                contact = new Contact(now);
                fresh.Add(contact);
            }

            ContactProfileWriter.Write(contact, sealedContact, now, ProfileUpdate.Merge);
            index.Remember(contact);
            written.Add((i, contact, created, input));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await NewContactWriter.InsertAsync(db, fresh, cancellationToken);
            if (await AddPushTokensAsync(db, written.Select(w => (w.Contact, w.Input)), now, cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception clash) when (UniqueViolation.Is(clash))
        {
            throw new ConflictException("Another change to the same contacts was saved at the same moment. Send the batch again.");
        }

        foreach (var (i, contact, created, _) in written)
        {
            results[i] = new ContactItemResult(i, created ? ItemOutcome.Created : ItemOutcome.Updated, contact.Id, null);
        }

        return new ContactBatchResult([.. results.Select(r => r!)]);
    }

    public async Task<ContactDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().AsSplitQuery()
            .Include(c => c.Tags).Include(c => c.Consents).Include(c => c.FieldValues)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException($"There is no contact {id}.");
        var fields = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Id, cancellationToken);
        var pushTokens = await db.ContactPushTokens.CountAsync(t => t.ContactId == id, cancellationToken);
        var events = await db.ContactEvents.AsNoTracking().Where(e => e.ContactId == id)
            .OrderByDescending(e => e.OccurredUtc).Take(100)
            .Select(e => new ContactEventRow(e.Id, e.Name, e.OccurredUtc, e.Value, e.PropertiesJson))
            .ToListAsync(cancellationToken);
        return new ContactDetails(
            contact.Id, contact.ExternalId, pii.DecryptOrNull(contact.EmailCipher), pii.DecryptOrNull(contact.PhoneCipher),
            contact.FirstName, contact.LastName, contact.Company, contact.Country, contact.Region, contact.City,
            contact.Language, contact.TimeZone, contact.BirthDate, contact.CreatedUtc, contact.UpdatedUtc,
            [.. contact.Tags.Select(t => t.Tag).Order()],
            [.. contact.Consents.OrderBy(c => c.Channel).Select(c => new ConsentRow(c.Channel, c.Status, c.Source, c.WordingVersion, c.RecordedUtc))],
            [.. contact.FieldValues.Where(v => fields.ContainsKey(v.FieldId)).Select(v => new FieldValueRow(fields[v.FieldId].Key, fields[v.FieldId].Label, v.ToValue().ToString()))],
            pushTokens,
            events);
    }

    private async Task<bool> AddPushTokensAsync(AppDbContext db, IEnumerable<(Contact Contact, NormalizedContact Input)> written, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = written.SelectMany(w => w.Input.PushTokens.Select(t => (w.Contact.Id, t.Token, t.Platform, Hash: pii.BlindIndex(t.Token)))).ToList();
        if (wanted.Count == 0)
        {
            return false;
        }

        var hashes = wanted.Select(w => w.Hash).ToList();
        var existing = await db.ContactPushTokens.Where(t => hashes.Contains(t.TokenHash)).ToListAsync(cancellationToken);
        foreach (var (contactId, token, platform, hash) in wanted)
        {
            var known = existing.FirstOrDefault(t => t.TokenHash.AsSpan().SequenceEqual(hash));
            if (known is not null && known.ContactId == contactId)
            {
                known.Seen(now);
                continue;
            }

            if (known is not null)
            {
                // A device moves to whoever signed in on it last.
                db.ContactPushTokens.Remove(known);
            }

            var added = new ContactPushToken(contactId, pii.Seal(token), platform, now);
            db.ContactPushTokens.Add(added);
            existing.Add(added);
        }

        return true;
    }

    /// <summary>
    /// Whether <see cref="FindCandidatesAsync"/> may run on a connection of its own while another batch is written
    /// (not when every context shares one connection, as inside the demo seed's transaction).
    /// </summary>
    internal bool CanLookAhead => contexts is not Import.EnlistingContextFactory;

    /// <summary>
    /// The ids of stored contacts that a batch's external ids, emails or phones point at, read outside any write
    /// transaction, so that an import can look the next batch up while the previous one is being written.
    /// </summary>
    internal async Task<IReadOnlyCollection<long>> FindCandidatesAsync(PreparedContacts batch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindCandidateIdsAsync(db, batch.Valid, cancellationToken);
    }

    /// <summary>One round trip per chunk: three index lookups, which usually find nothing in an import of new contacts.</summary>
    private static async Task<HashSet<long>> FindCandidateIdsAsync(AppDbContext db, IReadOnlyList<SealedContact> inputs, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        foreach (var chunk in inputs.Chunk(LookupChunk))
        {
            var externalIds = chunk.Select(i => i.Input.ExternalId).OfType<string>().Distinct().ToList();
            var emailHashes = chunk.Select(i => i.Email?.Hash).OfType<byte[]>().ToList();
            var phoneHashes = chunk.Select(i => i.Phone?.Hash).OfType<byte[]>().ToList();
            ids.UnionWith(await BulkSql.FindKeysAsync<Contact>(
                db,
                [
                    (nameof(Contact.ExternalId), [.. externalIds]),
                    (nameof(Contact.EmailHash), [.. emailHashes]),
                    (nameof(Contact.PhoneHash), [.. phoneHashes]),
                ],
                cancellationToken));
        }

        return ids;
    }

    /// <summary>The candidate contacts whole, with what an update merges into.</summary>
    private static async Task<MatchIndex> LoadMatchesAsync(AppDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var index = new MatchIndex();
        foreach (var chunk in ids.Chunk(LookupChunk))
        {
            var found = await db.Contacts.AsSplitQuery().Include(c => c.Tags).Include(c => c.Consents).Include(c => c.FieldValues)
                .Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken);
            found.ForEach(index.Remember);
        }

        return index;
    }

    /// <summary>Finds the contact an input means, by external id, then email, then phone; reports identifiers that point at two different contacts.</summary>
    private sealed class MatchIndex
    {
        private readonly Dictionary<string, Contact> byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Contact> byEmailHash = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Contact> byPhoneHash = new(StringComparer.Ordinal);

        public Contact? Match(SealedContact sealedContact, out (string Field, string Message)? conflict)
        {
            conflict = null;
            var input = sealedContact.Input;
            var byId = input.ExternalId is { } id ? byExternalId.GetValueOrDefault(id) : null;
            var byEmail = sealedContact.Email is { } email ? byEmailHash.GetValueOrDefault(Key(email.Hash)) : null;
            var byPhone = sealedContact.Phone is { } phone ? byPhoneHash.GetValueOrDefault(Key(phone.Hash)) : null;
            var match = byId ?? byEmail ?? byPhone;
            if (match is null)
            {
                return null;
            }

            if (byEmail is not null && byEmail != match)
            {
                conflict = ("email", $"This email already belongs to another contact{Describe(byEmail)}.");
            }
            else if (byPhone is not null && byPhone != match)
            {
                conflict = ("phone", $"This phone number already belongs to another contact{Describe(byPhone)}.");
            }
            else if (input.ExternalId is not null && match.ExternalId is not null && match.ExternalId != input.ExternalId)
            {
                conflict = ("externalId", $"The email or phone belongs to the contact with external id '{match.ExternalId}', not '{input.ExternalId}'.");
            }

            return conflict is null ? match : null;
        }

        public void Remember(Contact contact)
        {
            if (contact.ExternalId is { } id)
            {
                byExternalId[id] = contact;
            }

            if (contact.EmailHash is { } email)
            {
                byEmailHash[Key(email)] = contact;
            }

            if (contact.PhoneHash is { } phone)
            {
                byPhoneHash[Key(phone)] = contact;
            }
        }

        private static string Describe(Contact contact) => contact.Id > 0 ? $" (#{contact.Id})" : " earlier in this batch";

        private static string Key(byte[] hash) => Convert.ToBase64String(hash);
    }
}

public sealed record ContactDetails(
    long Id,
    string? ExternalId,
    string? Email,
    string? Phone,
    string? FirstName,
    string? LastName,
    string? Company,
    string? Country,
    string? Region,
    string? City,
    string? Language,
    string? TimeZone,
    DateOnly? BirthDate,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ConsentRow> Consents,
    IReadOnlyList<FieldValueRow> Fields,
    int PushTokens,
    IReadOnlyList<ContactEventRow> RecentEvents);

public sealed record ConsentRow(Channel Channel, ConsentStatus Status, string? Source, string? WordingVersion, DateTime RecordedUtc);

public sealed record FieldValueRow(string Key, string Label, string Value);

public sealed record ContactEventRow(long Id, string Name, DateTime OccurredUtc, decimal? Value, string? PropertiesJson);
