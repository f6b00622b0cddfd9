using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>Records behaviour events in batches, all or nothing; numeric properties become aggregatable measures.</summary>
public sealed partial class EventService(IDbContextFactory<AppDbContext> contexts, PiiProtector pii, CurrentUser currentUser, TimeProvider clock)
{
    private const int MaxPropertiesLength = 4000;

    public async Task<int> RecordAsync(IReadOnlyList<EventInput> inputs, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contactIds = await ResolveContactsAsync(db, inputs, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var events = new List<(ContactEvent Event, List<(string Key, decimal Value)> Measures)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var prefix = $"items[{i}]";
            if (contactIds[i] is not { } contactId)
            {
                errors[$"{prefix}.contact"] = [input.ContactId is null && input.ExternalId is null && input.Email is null
                    ? "Say whose event this is: contactId, externalId or email."
                    : "No contact matches this contactId, externalId or email."];
                continue;
            }

            var name = input.Name?.Trim().ToLowerInvariant() ?? "";
            if (!NamePattern().IsMatch(name))
            {
                errors[$"{prefix}.name"] = ["An event name is 1–64 lower-case letters, digits, '_', '.' or '-' (e.g. lifting, purchase)."];
                continue;
            }

            var occurred = input.OccurredAt?.UtcDateTime ?? now;
            if (occurred > now.AddMinutes(5))
            {
                errors[$"{prefix}.occurredAt"] = ["The event is in the future."];
                continue;
            }

            var measures = new List<(string, decimal)>();
            string? json = null;
            if (input.Properties is { } properties && properties.ValueKind != JsonValueKind.Null)
            {
                if (properties.ValueKind != JsonValueKind.Object)
                {
                    errors[$"{prefix}.properties"] = ["Properties must be a JSON object, e.g. {\"mt\": 42.5}."];
                    continue;
                }

                json = properties.GetRawText();
                if (json.Length > MaxPropertiesLength)
                {
                    errors[$"{prefix}.properties"] = [$"Properties are longer than {MaxPropertiesLength} characters."];
                    continue;
                }

                foreach (var property in properties.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDecimal(out var number) && NamePattern().IsMatch(property.Name))
                    {
                        measures.Add((property.Name, number));
                    }
                }
            }

            events.Add((new ContactEvent(contactId, name, occurred, input.Value, json, now), measures));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        foreach (var (evt, measures) in events)
        {
            db.ContactEvents.Add(evt);
            foreach (var (key, value) in measures)
            {
                db.ContactEventMeasures.Add(new ContactEventMeasure(evt, key, value));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return events.Count;
    }

    private async Task<long?[]> ResolveContactsAsync(AppDbContext db, IReadOnlyList<EventInput> inputs, CancellationToken cancellationToken)
    {
        var ids = inputs.Select(i => i.ContactId).OfType<long>().Distinct().ToList();
        var externalIds = inputs.Where(i => i.ContactId is null).Select(i => i.ExternalId?.Trim()).OfType<string>().Distinct().ToList();
        var emailHashes = inputs.Where(i => i.ContactId is null && i.ExternalId is null).Select(i => i.Email?.Trim().ToLowerInvariant())
            .OfType<string>().Distinct().ToDictionary(e => e, pii.BlindIndex);
        var knownIds = ids.Count == 0 ? [] : (await db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var byExternal = externalIds.Count == 0 ? [] : await db.Contacts.Where(c => externalIds.Contains(c.ExternalId!))
            .ToDictionaryAsync(c => c.ExternalId!, c => c.Id, cancellationToken);
        // One query for all emails of the batch, through the blind index.
        var hashes = emailHashes.Values.ToList();
        var idsByHash = hashes.Count == 0 ? [] : await db.Contacts.Where(c => hashes.Contains(c.EmailHash!))
            .Select(c => new { c.EmailHash, c.Id }).ToListAsync(cancellationToken);
        var byEmail = emailHashes
            .Select(e => (e.Key, Id: idsByHash.FirstOrDefault(x => x.EmailHash!.AsSpan().SequenceEqual(e.Value))?.Id))
            .Where(e => e.Id is not null)
            .ToDictionary(e => e.Key, e => e.Id!.Value);

        return [.. inputs.Select(i =>
            i.ContactId is { } id ? (knownIds.Contains(id) ? id : (long?)null)
            : i.ExternalId?.Trim() is { } ext ? (byExternal.TryGetValue(ext, out var e) ? e : null)
            : i.Email?.Trim().ToLowerInvariant() is { } mail && byEmail.TryGetValue(mail, out var m) ? m : null)];
    }

    [GeneratedRegex("^[a-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();
}
