using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// One event for one endpoint: the outbox row the <see cref="WebhookDispatcher"/> claims, POSTs and records. The body is
/// fixed when the event is published, so every retry sends the same bytes (only the signature's timestamp changes).
/// Unique per endpoint and event id: the same event published twice is delivered once.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxTypeLength = 64;
    public const int MaxErrorLength = 1000;
    public const int MaxLeaseOwnerLength = 64;

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(int endpointId, WebhookEvent webhookEvent, string payloadJson, DateTime nowUtc)
    {
        EndpointId = endpointId;
        EventId = webhookEvent.Id;
        EventType = webhookEvent.Type;
        CampaignId = webhookEvent.CampaignId;
        PayloadJson = payloadJson;
        Status = WebhookDeliveryStatus.Pending;
        CreatedUtc = nowUtc;
        NextAttemptUtc = nowUtc;
    }

    public long Id { get; private set; }

    public int EndpointId { get; private set; }

    public string EventId { get; private set; } = "";

    public string EventType { get; private set; } = "";

    public int? CampaignId { get; private set; }

    /// <summary>The exact body POSTed (and signed).</summary>
    public string PayloadJson { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When it is tried (again); while a dispatcher holds it, the end of that hold. Null once delivered or given up.</summary>
    public DateTime? NextAttemptUtc { get; private set; }

    /// <summary>The claim that holds it now (a dispatcher's token), so one dispatcher sends it at a time.</summary>
    public string? LeaseOwner { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? LastAttemptUtc { get; private set; }

    public int? LastStatusCode { get; private set; }

    public int? LastLatencyMs { get; private set; }

    public string? LastError { get; private set; }

    public DateTime? DeliveredUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookDelivery>
    {
        public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
        {
            builder.ToTable("WebhookDeliveries");
            builder.HasKey(d => d.Id);
            builder.Property(d => d.EventId).HasMaxLength(WebhookEvent.MaxIdLength);
            builder.Property(d => d.EventType).HasMaxLength(MaxTypeLength);
            builder.Property(d => d.LastError).HasMaxLength(MaxErrorLength);
            builder.Property(d => d.LeaseOwner).HasMaxLength(MaxLeaseOwnerLength);
            builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);

            // Idempotency: an event reaches an endpoint once, however often it is published.
            builder.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
            // The dispatcher's claim: pending rows whose time has come.
            builder.HasIndex(d => new { d.Status, d.NextAttemptUtc });
            // The delivery log of one endpoint, newest first.
            builder.HasIndex(d => new { d.EndpointId, d.CreatedUtc });
        }
    }
}
