using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A real contact as a template sees it, for "preview as a contact": standard values (email and phone decrypted by
/// <see cref="ContactService"/>), tags, custom field values typed as their definitions say, and behaviour-event
/// aggregates per event name.
/// </summary>
public sealed class PersonalizationContactLoader(ContactService contacts, CustomFieldService customFields, IDbContextFactory<AppDbContext> contexts)
{
    public async Task<PersonalizationContact> LoadAsync(long contactId, CancellationToken cancellationToken = default)
    {
        // Reading the contact checks the caller may see it before its events are read.
        var contact = await contacts.GetAsync(contactId, cancellationToken);
        var types = (await customFields.ListAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Type, StringComparer.Ordinal);
        return Map(contact, types) with { Events = await LoadEventsAsync(contactId, cancellationToken) };
    }

    /// <summary>
    /// The contact's events grouped by name in one query (count, sum of values, latest time), served by the
    /// (ContactId, Name, OccurredUtc, Value) index. Only names usable in a template are kept.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PersonalizationEventSummary>> LoadEventsAsync(long contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ContactEvents.AsNoTracking()
            .Where(e => e.ContactId == contactId)
            .GroupBy(e => e.Name)
            .Select(g => new { Name = g.Key, Count = g.Count(), Total = g.Sum(e => e.Value), Last = g.Max(e => e.OccurredUtc) })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => PersonalizationFields.IsEventFieldName(r.Name))
            .ToDictionary(r => r.Name, r => new PersonalizationEventSummary(r.Count, r.Total ?? 0m, DateTime.SpecifyKind(r.Last, DateTimeKind.Utc)), StringComparer.Ordinal);
    }

    public static PersonalizationContact Map(ContactDetails contact, IReadOnlyDictionary<string, CustomFieldType> types) => new()
    {
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        Email = contact.Email,
        Phone = contact.Phone,
        Company = contact.Company,
        Country = contact.Country,
        Region = contact.Region,
        City = contact.City,
        Language = contact.Language,
        TimeZone = contact.TimeZone,
        BirthDate = contact.BirthDate,
        ExternalId = contact.ExternalId,
        Tags = [.. contact.Tags],
        Fields = contact.Fields.ToDictionary(f => f.Key, f => Typed(f.Value, types.GetValueOrDefault(f.Key, CustomFieldType.Text)), StringComparer.Ordinal),
    };

    private static object? Typed(string value, CustomFieldType type) => type switch
    {
        CustomFieldType.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        CustomFieldType.Date when DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) => date,
        CustomFieldType.Boolean when bool.TryParse(value, out var flag) => flag,
        _ => value,
    };
}
