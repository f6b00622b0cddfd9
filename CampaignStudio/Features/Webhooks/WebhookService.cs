using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// Webhook endpoints and their delivery logs, for the settings pages: admins only (<see cref="Policies.Administer"/>),
/// checked here on every call, whatever the page shows.
/// </summary>
public sealed class WebhookService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, WebhookWakeup wakeup, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<WebhookEndpointInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Name).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .GroupBy(d => new { d.EndpointId, d.Status })
            .Select(g => new { g.Key.EndpointId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(int id, WebhookDeliveryStatus status) => counts.Where(c => c.EndpointId == id && c.Status == status).Sum(c => c.Count);
        return [.. endpoints.Select(e => Info(e, Count(e.Id, WebhookDeliveryStatus.Pending), Count(e.Id, WebhookDeliveryStatus.Delivered), Count(e.Id, WebhookDeliveryStatus.GaveUp)))];
    }

    public async Task<WebhookEndpointInfo> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, id, cancellationToken);
        var counts = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        return Info(endpoint, counts.GetValueOrDefault(WebhookDeliveryStatus.Pending), counts.GetValueOrDefault(WebhookDeliveryStatus.Delivered), counts.GetValueOrDefault(WebhookDeliveryStatus.GaveUp));
    }

    public async Task<WebhookEndpointInfo> CreateAsync(WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        var endpoint = new WebhookEndpoint(input.Name, input.Url, input.EventTypes, input.IsActive, Now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return Info(endpoint, 0, 0, 0);
    }

    public async Task<WebhookEndpointInfo> UpdateAsync(int id, WebhookEndpointInput input, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var endpoint = await FindAsync(db, id, cancellationToken, tracked: true);
            endpoint.Change(input.Name, input.Url, input.EventTypes, input.IsActive, Now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Deletes the endpoint with its delivery log; events not yet sent to it are dropped.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, id, cancellationToken, tracked: true);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<WebhookEndpointInfo> RotateSecretAsync(int id, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var endpoint = await FindAsync(db, id, cancellationToken, tracked: true);
            endpoint.RotateSecret(Now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Queues a <c>webhook.test</c> event for this endpoint only (active or not), sent like any other; returns its delivery.</summary>
    public async Task<WebhookDeliveryInfo> SendTestAsync(int id, CancellationToken cancellationToken = default)
    {
        var admin = await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindAsync(db, id, cancellationToken);
        var now = Now;
        var test = new WebhookEvent(WebhookEventTypes.Test, now, new Dictionary<string, object?>
        {
            ["message"] = "A test event from CampaignStudio. Check the signature the way you will for real events.",
            ["endpoint"] = endpoint.Name,
            ["requestedBy"] = admin.Name,
        });
        var delivery = new WebhookDelivery(endpoint.Id, test, WebhookPublisher.Render(test), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        wakeup.Wake();
        return ToInfo(delivery);
    }

    /// <summary>A page of the endpoint's deliveries, newest first, optionally of one status.</summary>
    public async Task<WebhookDeliveryPage> ListDeliveriesAsync(int endpointId, int page = 0, int pageSize = 25, WebhookDeliveryStatus? status = null, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await FindAsync(db, endpointId, cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.CreatedUtc).ThenByDescending(d => d.Id).Skip(Math.Max(0, page) * size).Take(size).ToListAsync(cancellationToken);
        return new WebhookDeliveryPage([.. rows.Select(ToInfo)], total);
    }

    /// <summary>Every try of one delivery, first to last.</summary>
    public async Task<IReadOnlyList<WebhookAttemptInfo>> ListAttemptsAsync(long deliveryId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number)
            .Select(a => new WebhookAttemptInfo(a.Number, a.AttemptedUtc, a.StatusCode, a.LatencyMs, a.Error, a.RetryAfterSeconds, a.NextAttemptUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Tries a given-up delivery once more, now (failing again gives it up again; its log keeps counting tries).</summary>
    public async Task RetryAsync(long deliveryId, CancellationToken cancellationToken = default)
    {
        await RequireAdminAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.Status == WebhookDeliveryStatus.GaveUp)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.NextAttemptUtc, now), cancellationToken);
        if (changed == 0)
        {
            throw await db.WebhookDeliveries.AnyAsync(d => d.Id == deliveryId, cancellationToken)
                ? new InvalidStateException("Only a delivery that was given up can be sent again; this one is delivered or still being tried.")
                : new NotFoundException($"There is no webhook delivery {deliveryId.ToString(CultureInfo.InvariantCulture)}.");
        }

        wakeup.Wake();
    }

    private static WebhookEndpointInfo Info(WebhookEndpoint e, int pending, int delivered, int gaveUp) =>
        new(e.Id, e.Name, e.Url, e.Secret, e.ReadEventTypes(), e.IsActive, e.FailingSinceUtc, e.FailingReason, e.LastSuccessUtc, pending, delivered, gaveUp);

    private static WebhookDeliveryInfo ToInfo(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.EventType, d.CampaignId, d.Status, d.Attempts, d.CreatedUtc, d.LastAttemptUtc, d.LastStatusCode, d.LastLatencyMs, d.LastError, d.NextAttemptUtc, d.DeliveredUtc);

    private static async Task<WebhookEndpoint> FindAsync(AppDbContext db, int id, CancellationToken cancellationToken, bool tracked = false) =>
        await (tracked ? db.WebhookEndpoints : db.WebhookEndpoints.AsNoTracking()).FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new NotFoundException($"There is no webhook endpoint {id.ToString(CultureInfo.InvariantCulture)} (any more).");

    private Task<Actor> RequireAdminAsync() => currentUser.RequireAsync(Policies.Administer);
}
