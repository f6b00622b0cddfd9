using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Webhooks;

/// <summary>One POST of a <see cref="WebhookDelivery"/>: when, what came back (status or error), how long it took, and what was decided.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt()
    {
    }

    public WebhookAttempt(long deliveryId, int number, DateTime attemptedUtc, int? statusCode, int latencyMs, string? error, int? retryAfterSeconds, DateTime? nextAttemptUtc)
    {
        DeliveryId = deliveryId;
        Number = number;
        AttemptedUtc = attemptedUtc;
        StatusCode = statusCode;
        LatencyMs = latencyMs;
        Error = error is null ? null : Clip(error);
        RetryAfterSeconds = retryAfterSeconds;
        NextAttemptUtc = nextAttemptUtc;
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    /// <summary>1 for the first try.</summary>
    public int Number { get; private set; }

    public DateTime AttemptedUtc { get; private set; }

    /// <summary>The receiver's HTTP status; null when none came (timeout, refused or dropped connection).</summary>
    public int? StatusCode { get; private set; }

    public int LatencyMs { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The receiver's <c>Retry-After</c>, in seconds, when it sent one.</summary>
    public int? RetryAfterSeconds { get; private set; }

    /// <summary>When the next try was planned for; null after a success or the last try.</summary>
    public DateTime? NextAttemptUtc { get; private set; }

    public bool Succeeded => StatusCode is >= 200 and < 300;

    internal static string Clip(string error) => error.Length > WebhookDelivery.MaxErrorLength ? error[..(WebhookDelivery.MaxErrorLength - 1)] + "…" : error;

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookAttempt>
    {
        public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
        {
            builder.ToTable("WebhookAttempts");
            builder.HasKey(a => a.Id);
            builder.Property(a => a.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
            builder.Ignore(a => a.Succeeded);
            builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
        }
    }
}
