using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Delivery.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// Sends the webhook outbox. The database is the queue: a dispatcher claims due <see cref="WebhookDelivery"/> rows
/// (a conditional update that moves their next-attempt time to the end of a lease under its own token, so two
/// instances never send a row at the same time), POSTs each body signed (<see cref="WebhookSignature"/>) with the event
/// id, and records every try as a <see cref="WebhookAttempt"/>. A 2xx delivers; anything else (a status, a timeout, a
/// refused or dropped connection) is retried with exponential backoff, never sooner than a Retry-After; after
/// <see cref="WebhookOptions.MaxAttempts"/> tries the delivery is given up and its endpoint marked failing until its
/// next success. Redirects are not followed.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDbContextFactory<AppDbContext> contexts,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    public const string UserAgent = "CampaignStudio-Webhooks/1";

    /// <summary>Claims and sends one batch of due deliveries; returns how many were tried.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await ClaimAsync(settings, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (item, token) => await SendAsync(item, settings, token));
        return claimed.Count;
    }

    /// <summary>Sends due deliveries until none is left (for tests and for "send test event").</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (await DispatchDueAsync(cancellationToken) is var tried && tried > 0)
        {
            total += tried;
        }

        return total;
    }

    private async Task<List<Claimed>> ClaimAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var heldUntil = now.AddSeconds(settings.LeaseSeconds);
        var token = Guid.NewGuid().ToString("N");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptUtc <= now)
            .OrderBy(d => d.NextAttemptUtc)
            .Select(d => d.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        await db.WebhookDeliveries
            .Where(d => ids.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptUtc, heldUntil).SetProperty(d => d.LeaseOwner, token), cancellationToken);
        return await (from d in db.WebhookDeliveries.AsNoTracking()
                      join e in db.WebhookEndpoints.AsNoTracking() on d.EndpointId equals e.Id
                      where ids.Contains(d.Id) && d.LeaseOwner == token
                      select new Claimed(d.Id, d.EndpointId, e.Url, e.Secret, d.EventId, d.EventType, d.PayloadJson, d.Attempts, token))
            .ToListAsync(cancellationToken);
    }

    private async Task SendAsync(Claimed item, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var attempt = item.Attempts + 1;
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, item.Url)
            {
                Content = new StringContent(item.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("CampaignStudio-Webhooks", "1"));
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(item.Secret, started.ToUnixTimeSeconds(), item.Body));
            request.Headers.Add(WebhookSignature.EventIdHeaderName, item.EventId);
            request.Headers.Add(WebhookSignature.EventTypeHeaderName, item.EventType);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            retryAfter = RetryAfterHeader.Read(response, clock.GetUtcNow());
            if (!response.IsSuccessStatusCode)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"The receiver answered {status} {response.ReasonPhrase}.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"No answer within {settings.TimeoutSeconds} seconds.");
        }
        catch (HttpRequestException e)
        {
            error = $"The request failed: {e.Message}";
        }

        stopwatch.Stop();
        var latency = (int)Math.Min(int.MaxValue, stopwatch.ElapsedMilliseconds);
        await RecordAsync(item, attempt, started.UtcDateTime, status, latency, error, retryAfter, settings);
    }

    /// <summary>Records the try and decides: delivered, retry at a time, or give up (and mark the endpoint failing).</summary>
    private async Task RecordAsync(Claimed item, int attempt, DateTime attemptedUtc, int? status, int latency, string? error, TimeSpan? retryAfter, WebhookOptions settings)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var succeeded = error is null;
        var giveUp = !succeeded && attempt >= settings.MaxAttempts;
        DateTime? next = null;
        if (!succeeded && !giveUp)
        {
            var wait = settings.BackoffBefore(attempt + 1);
            if (retryAfter is { } asked)
            {
                var capped = TimeSpan.FromSeconds(Math.Min(asked.TotalSeconds, settings.MaxRetryAfterSeconds));
                wait = capped > wait ? capped : wait;
            }

            next = now + wait;
        }

        var retryAfterSeconds = retryAfter is { } r ? (int?)Math.Min(int.MaxValue, Math.Ceiling(r.TotalSeconds)) : null;
        var clipped = error is null ? null : WebhookAttempt.Clip(giveUp ? $"{error} Given up after {attempt.ToString(CultureInfo.InvariantCulture)} tries." : error);
        var newStatus = succeeded ? WebhookDeliveryStatus.Delivered : giveUp ? WebhookDeliveryStatus.GaveUp : WebhookDeliveryStatus.Pending;
        DateTime? deliveredUtc = succeeded ? now : null;

        // Not cancelled by a shutdown: the POST happened, so its outcome is recorded.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.WebhookDeliveries
            .Where(d => d.Id == item.DeliveryId && d.LeaseOwner == item.LeaseOwner)
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, newStatus)
                    .SetProperty(d => d.Attempts, attempt)
                    .SetProperty(d => d.NextAttemptUtc, next)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LastAttemptUtc, attemptedUtc)
                    .SetProperty(d => d.LastStatusCode, status)
                    .SetProperty(d => d.LastLatencyMs, latency)
                    .SetProperty(d => d.LastError, clipped)
                    .SetProperty(d => d.DeliveredUtc, deliveredUtc),
                CancellationToken.None);
        if (updated == 0)
        {
            // The hold ran out and another dispatcher took the row: its outcome will be recorded there.
            LogLostLease(item.DeliveryId);
            return;
        }

        db.WebhookAttempts.Add(new WebhookAttempt(item.DeliveryId, attempt, attemptedUtc, status, latency, clipped, retryAfterSeconds, next));
        await db.SaveChangesAsync(CancellationToken.None);
        if (succeeded)
        {
            await db.WebhookEndpoints.Where(e => e.Id == item.EndpointId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSuccessUtc, now).SetProperty(e => e.FailingSinceUtc, (DateTime?)null).SetProperty(e => e.FailingReason, (string?)null), CancellationToken.None);
        }
        else if (giveUp)
        {
            var reason = WebhookAttempt.Clip($"Event {item.EventId} ({item.EventType}) was given up after {attempt.ToString(CultureInfo.InvariantCulture)} tries: {error}");
            await db.WebhookEndpoints.Where(e => e.Id == item.EndpointId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSinceUtc, e => e.FailingSinceUtc ?? now).SetProperty(e => e.FailingReason, reason), CancellationToken.None);
            LogGaveUp(item.DeliveryId, item.EndpointId, attempt, error!);
        }
        else
        {
            LogRetry(item.DeliveryId, item.EndpointId, attempt, error!, next!.Value);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to endpoint {EndpointId} failed (try {Attempt}): {Error} Next try at {NextUtc:u}.")]
    private partial void LogRetry(long deliveryId, int endpointId, int attempt, string error, DateTime nextUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} to endpoint {EndpointId} was given up after {Attempts} tries: {Error}")]
    private partial void LogGaveUp(long deliveryId, int endpointId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} was taken over by another dispatcher before its outcome was recorded here.")]
    private partial void LogLostLease(long deliveryId);

    private sealed record Claimed(long DeliveryId, int EndpointId, string Url, string Secret, string EventId, string EventType, string Body, int Attempts, string LeaseOwner);
}
