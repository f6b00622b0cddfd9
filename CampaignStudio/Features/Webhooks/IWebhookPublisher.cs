using CampaignStudio.Data;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// Hands events to the webhook endpoints subscribed to them: one database row per event and endpoint (the outbox), sent
/// by the <see cref="WebhookDispatcher"/>. No HTTP happens here, so callers (the campaign service, the engine,
/// tracking) neither wait for nor depend on receivers.
/// </summary>
public interface IWebhookPublisher
{
    /// <summary>Writes the events to the outbox in one save (a few thousand at a time is fine).</summary>
    Task PublishAsync(IReadOnlyCollection<WebhookEvent> events, CancellationToken cancellationToken = default);

    Task PublishAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken = default) => PublishAsync([webhookEvent], cancellationToken);

    /// <summary>
    /// Adds the events' outbox rows to <paramref name="db"/> without saving: the caller's own save writes them together
    /// with the change they report, so either both happen or neither.
    /// </summary>
    Task StageAsync(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="StageAsync"/>, for a caller that has read the active endpoints' subscriptions itself (in the same
    /// round trip as its own reads); returns how many outbox rows were added.
    /// </summary>
    int Stage(AppDbContext db, IReadOnlyCollection<WebhookEvent> events, IReadOnlyCollection<WebhookSubscription> subscriptions);
}
