using System.Text.Json;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// The <see cref="IWebhookPublisher"/>: reads the active endpoints once per call, renders each event's JSON once, and
/// adds one <see cref="WebhookDelivery"/> per subscribed endpoint. With no endpoint subscribed to a type, its events
/// cost that one read and nothing else.
/// </summary>
public sealed partial class WebhookPublisher(IDbContextFactory<AppDbContext> contexts, WebhookWakeup wakeup, TimeProvider clock, ILogger<WebhookPublisher> logger) : IWebhookPublisher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(IReadOnlyCollection<WebhookEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var added = await StageAsync(db, events, cancellationToken, null);
        if (added == 0)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Some of these events were published before: keep the others.
            db.ChangeTracker.Clear();
            var ids = events.Select(ev => ev.Id).Distinct().ToList();
            var existing = (await db.WebhookDeliveries.Where(d => ids.Contains(d.EventId)).Select(d => new { d.EndpointId, d.EventId }).ToListAsync(cancellationToken))
                .Select(d => (d.EndpointId, d.EventId)).ToHashSet();
            added = await StageAsync(db, events, cancellationToken, existing);
            LogDuplicates(events.Count);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (added > 0)
        {
            wakeup.Wake();
        }
    }

    public async Task StageAsync(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, CancellationToken cancellationToken = default) =>
        await StageAsync(db, events, cancellationToken, null);

    /// <summary>The JSON body of <paramref name="webhookEvent"/>: <c>{"id","type","created","campaignId","data"}</c>.</summary>
    public static string Render(WebhookEvent webhookEvent) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["id"] = webhookEvent.Id,
            ["type"] = webhookEvent.Type,
            ["created"] = DateTime.SpecifyKind(webhookEvent.OccurredUtc, DateTimeKind.Utc),
            ["campaignId"] = webhookEvent.CampaignId,
            ["data"] = webhookEvent.Data,
        },
        Json);

    private async Task<int> StageAsync(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, CancellationToken cancellationToken, HashSet<(int, string)>? skip)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.IsActive)
            .Select(e => new WebhookSubscription(e.Id, e.EventTypes))
            .ToListAsync(cancellationToken);
        return Stage(db, events, endpoints, skip);
    }

    public int Stage(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, IReadOnlyCollection<WebhookSubscription> subscriptions) =>
        Stage(db, events, subscriptions, null);

    private int Stage(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, IReadOnlyCollection<WebhookSubscription> subscriptions, HashSet<(int, string)>? skip)
    {
        foreach (var webhookEvent in events)
        {
            if (string.IsNullOrWhiteSpace(webhookEvent.Id) || webhookEvent.Id.Length > WebhookEvent.MaxIdLength)
            {
                throw new ArgumentException($"A webhook event needs an id of 1 to {WebhookEvent.MaxIdLength} characters.", nameof(events));
            }

            if (webhookEvent.Type.Length > WebhookDelivery.MaxTypeLength)
            {
                throw new ArgumentException($"'{webhookEvent.Type}' is longer than an event type may be.", nameof(events));
            }
        }

        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var byType = subscriptions
            .SelectMany(e => e.EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => (Type: t, Id: e.EndpointId)))
            .GroupBy(p => p.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToList(), StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var webhookEvent in events.DistinctBy(e => e.Id))
        {
            if (!byType.TryGetValue(webhookEvent.Type, out var endpointIds))
            {
                continue;
            }

            var body = Render(webhookEvent);
            foreach (var endpointId in endpointIds)
            {
                if (skip?.Contains((endpointId, webhookEvent.Id)) == true)
                {
                    continue;
                }

                db.WebhookDeliveries.Add(new WebhookDelivery(endpointId, webhookEvent, body, now));
                added++;
            }
        }

        return added;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Some of {Count} webhook events were published before; each endpoint gets them once.")]
    private partial void LogDuplicates(int count);
}
