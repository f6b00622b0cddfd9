using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Reads the recipients of one claimed batch in a few set-based queries (contacts, consents, suppressions, and only
/// the tags, fields, events or push tokens the templates need), decrypting addresses in memory. Consent and
/// suppression are read now, just before the send, not when the audience was frozen.
/// </summary>
public sealed class RecipientLoader(PiiProtector pii)
{
    public async Task<IReadOnlyDictionary<long, Recipient>> LoadAsync(AppDbContext db, IReadOnlyCollection<long> contactIds, Channel channel, ContactDataUse uses, CancellationToken cancellationToken)
    {
        var ids = contactIds.Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.ExternalId,
                c.EmailCipher,
                c.EmailHash,
                c.PhoneCipher,
                c.PhoneHash,
                c.FirstName,
                c.LastName,
                c.Company,
                c.Country,
                c.Region,
                c.City,
                c.Language,
                c.TimeZone,
                c.BirthDate,
            })
            .ToListAsync(cancellationToken);
        var consents = await db.ContactConsents.AsNoTracking()
            .Where(k => ids.Contains(k.ContactId) && k.Channel == channel)
            .ToDictionaryAsync(k => k.ContactId, k => k.Status, cancellationToken);

        var hashes = contacts.Select(c => channel == Channel.Email ? c.EmailHash : c.PhoneHash).Where(h => h is not null).Cast<byte[]>().ToList();
        var suppressed = channel == Channel.Push || hashes.Count == 0
            ? new HashSet<string>()
            : (await db.SuppressedAddresses.AsNoTracking().Where(SuppressedAddress.Covers(channel)).Where(s => hashes.Contains(s.AddressHash)).Select(s => s.AddressHash).ToListAsync(cancellationToken))
                .Select(Convert.ToHexString).ToHashSet(StringComparer.Ordinal);

        var tokens = channel != Channel.Push
            ? []
            : (await db.ContactPushTokens.AsNoTracking().Where(t => ids.Contains(t.ContactId)).OrderByDescending(t => t.LastSeenUtc)
                .Select(t => new { t.ContactId, t.TokenCipher }).ToListAsync(cancellationToken))
                .GroupBy(t => t.ContactId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => pii.Decrypt(t.TokenCipher))]);

        var tags = !uses.Tags
            ? []
            : (await db.ContactTags.AsNoTracking().Where(t => ids.Contains(t.ContactId)).Select(t => new { t.ContactId, t.Tag }).ToListAsync(cancellationToken))
                .GroupBy(t => t.ContactId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase)]);

        var fields = !uses.Fields ? [] : await FieldsAsync(db, ids, cancellationToken);
        var events = !uses.Events ? [] : await EventsAsync(db, ids, cancellationToken);

        var recipients = new Dictionary<long, Recipient>(contacts.Count);
        foreach (var c in contacts)
        {
            var email = channel == Channel.Email ? pii.DecryptOrNull(c.EmailCipher) : null;
            var phone = channel is Channel.Sms or Channel.WhatsApp ? pii.DecryptOrNull(c.PhoneCipher) : null;
            var hash = channel == Channel.Email ? c.EmailHash : c.PhoneHash;
            var name = string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            recipients[c.Id] = new Recipient(c.Id)
            {
                Address = channel switch
                {
                    Channel.Email => email,
                    Channel.Sms or Channel.WhatsApp => phone,
                    _ => null,
                },
                AddressHash = channel == Channel.Push ? null : hash,
                Tokens = tokens.GetValueOrDefault(c.Id) ?? [],
                DisplayName = name.Length == 0 ? null : name,
                Consent = consents.GetValueOrDefault(c.Id, ConsentStatus.Unknown),
                Suppressed = hash is not null && suppressed.Contains(Convert.ToHexString(hash)),
                Personalization = new PersonalizationContact
                {
                    FirstName = c.FirstName,
                    LastName = c.LastName,
                    Email = email,
                    Phone = phone,
                    Company = c.Company,
                    Country = c.Country,
                    Region = c.Region,
                    City = c.City,
                    Language = c.Language,
                    TimeZone = c.TimeZone,
                    BirthDate = c.BirthDate,
                    ExternalId = c.ExternalId,
                    Tags = tags.GetValueOrDefault(c.Id) ?? [],
                    Fields = fields.GetValueOrDefault(c.Id) ?? new Dictionary<string, object?>(),
                    Events = events.GetValueOrDefault(c.Id) ?? new Dictionary<string, PersonalizationEventSummary>(),
                },
            };
        }

        return recipients;
    }

    private static async Task<Dictionary<long, IReadOnlyDictionary<string, object?>>> FieldsAsync(AppDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        var rows = await (from v in db.ContactFieldValues.AsNoTracking()
                          join f in db.CustomFields.AsNoTracking() on v.FieldId equals f.Id
                          where ids.Contains(v.ContactId)
                          select new { v.ContactId, f.Key, f.Type, v.TextValue, v.NumberValue, v.DateValue, v.BoolValue })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ContactId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, object?>)g.ToDictionary(
                r => r.Key,
                r => r.Type switch
                {
                    CustomFieldType.Number => r.NumberValue,
                    CustomFieldType.Date => r.DateValue,
                    CustomFieldType.Boolean => r.BoolValue,
                    _ => (object?)r.TextValue,
                },
                StringComparer.Ordinal));
    }

    private static async Task<Dictionary<long, IReadOnlyDictionary<string, PersonalizationEventSummary>>> EventsAsync(AppDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        var rows = await db.ContactEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ContactId))
            .GroupBy(e => new { e.ContactId, e.Name })
            .Select(g => new { g.Key.ContactId, g.Key.Name, Count = g.Count(), Total = g.Sum(e => e.Value), Last = g.Max(e => e.OccurredUtc) })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => PersonalizationFields.IsEventFieldName(r.Name))
            .GroupBy(r => r.ContactId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, PersonalizationEventSummary>)g.ToDictionary(
                    r => r.Name,
                    r => new PersonalizationEventSummary(r.Count, r.Total ?? 0m, DateTime.SpecifyKind(r.Last, DateTimeKind.Utc)),
                    StringComparer.Ordinal));
    }
}
