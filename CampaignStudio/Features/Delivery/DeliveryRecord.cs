using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// The ledger's row for one message: one campaign × contact × channel, unique, written when the campaign starts
/// (set-based) and moved along by workers. A row becomes <see cref="DeliveryStatus.Sent"/> only on the provider's
/// acknowledgement. A worker owns an <see cref="DeliveryStatus.InFlight"/> row through <see cref="ClaimToken"/> until
/// <see cref="LeaseUntilUtc"/>; a row whose lease ran out is claimed again and counted in <see cref="LeaseLapses"/>,
/// because its message may have gone out before the worker died.
/// </summary>
public sealed class DeliveryRecord
{
    public const int MaxErrorLength = 1000;
    public const int MaxProviderMessageIdLength = 200;
    public const int MaxClaimedByLength = 100;

    private DeliveryRecord()
    {
    }

    public DeliveryRecord(int campaignId, long contactId, Channel channel, DateTime dueUtc, DateTime nowUtc)
    {
        CampaignId = campaignId;
        ContactId = contactId;
        Channel = channel;
        Status = DeliveryStatus.Pending;
        DueUtc = dueUtc;
        CreatedUtc = nowUtc;
        UpdatedUtc = nowUtc;
    }

    public long Id { get; private set; }

    public int CampaignId { get; private set; }

    public long ContactId { get; private set; }

    public Channel Channel { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public SkipReason? SkipReason { get; private set; }

    /// <summary>When the row may be claimed: its time-zone wave, or the next try after a transient failure.</summary>
    public DateTime DueUtc { get; private set; }

    /// <summary>How many times a worker claimed it to send.</summary>
    public int Attempts { get; private set; }

    /// <summary>The claim that owns the row while it is in flight; a concurrency token, so a worker whose lease lapsed cannot overwrite another's result.</summary>
    public Guid? ClaimToken { get; private set; }

    /// <summary>The app instance that claimed it last.</summary>
    public string? ClaimedBy { get; private set; }

    public DateTime? LeaseUntilUtc { get; private set; }

    /// <summary>How often a claim ran out before its result was recorded: the message may have been sent that many extra times.</summary>
    public int LeaseLapses { get; private set; }

    /// <summary>The provider that took it (<c>SMTP</c>, <c>Twilio</c>, <c>FCM</c>, <c>Outbox</c>).</summary>
    public string? Provider { get; private set; }

    public string? ProviderMessageId { get; private set; }

    /// <summary>The last failure, in the provider's words.</summary>
    public string? Error { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? SentUtc { get; private set; }

    /// <summary>When the provider reported it delivered, undelivered or failed after accepting it.</summary>
    public DateTime? ReportedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public static bool IsFinal(DeliveryStatus status) => status is not (DeliveryStatus.Pending or DeliveryStatus.InFlight);

    public void Claim(Guid token, string instance, DateTime leaseUntilUtc, DateTime nowUtc)
    {
        var lapsed = Status == DeliveryStatus.InFlight;
        if (!lapsed && Status != DeliveryStatus.Pending)
        {
            throw new InvalidOperationException($"Delivery {Id} is {Status} and cannot be claimed.");
        }

        if (lapsed)
        {
            LeaseLapses++;
        }

        Status = DeliveryStatus.InFlight;
        ClaimToken = token;
        ClaimedBy = ClaimerName(instance);
        LeaseUntilUtc = leaseUntilUtc;
        Attempts++;
        UpdatedUtc = nowUtc;
    }

    /// <summary>The instance's name as stored in <see cref="ClaimedBy"/>.</summary>
    public static string ClaimerName(string instance) => instance.Length > MaxClaimedByLength ? instance[..MaxClaimedByLength] : instance;

    public void MarkSent(string provider, string? providerMessageId, DateTime nowUtc)
    {
        Settle(provider, DeliveryStatus.Sent, nowUtc);
        ProviderMessageId = Clip(providerMessageId, MaxProviderMessageIdLength);
        Error = null;
        SentUtc = nowUtc;
    }

    public void MarkOutboxed(string provider, string? outboxId, DateTime nowUtc)
    {
        Settle(provider, DeliveryStatus.Outboxed, nowUtc);
        ProviderMessageId = outboxId;
    }

    /// <summary>A transient failure: back to <see cref="DeliveryStatus.Pending"/>, due again at <paramref name="retryUtc"/>.</summary>
    public void RetryLater(string provider, string error, DateTime retryUtc, DateTime nowUtc)
    {
        Settle(provider, DeliveryStatus.Pending, nowUtc);
        Error = Clip(error, MaxErrorLength);
        DueUtc = retryUtc;
    }

    public void Fail(string? provider, string error, DateTime nowUtc)
    {
        Settle(provider, DeliveryStatus.Failed, nowUtc);
        Error = Clip(error, MaxErrorLength);
    }

    public void Skip(SkipReason reason, DateTime nowUtc)
    {
        Settle(Provider, DeliveryStatus.Skipped, nowUtc);
        SkipReason = reason;
    }

    /// <summary>The campaign was stopped before this message went out.</summary>
    public void Cancel(DateTime nowUtc) => Settle(Provider, DeliveryStatus.Cancelled, nowUtc);

    /// <summary>Gives an in-flight row back unsent (shutdown, or its campaign paused before it went out); the attempt does not count.</summary>
    public void Release(DateTime nowUtc)
    {
        Settle(Provider, DeliveryStatus.Pending, nowUtc);
        Attempts = Math.Max(0, Attempts - 1);
    }

    /// <summary>
    /// A later report of the provider (delivered, undelivered, failed). Reports can arrive out of order: a row already
    /// delivered or failed is not moved back to merely sent.
    /// </summary>
    public bool ApplyProviderReport(DeliveryStatus reported, string? error, DateTime nowUtc)
    {
        if (reported is not (DeliveryStatus.Sent or DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(reported), reported, "A provider reports sent, delivered, undelivered or failed.");
        }

        // Only a message the provider accepted moves on; "sent" again, or a report after a final one, changes nothing.
        if (Status != DeliveryStatus.Sent || reported == DeliveryStatus.Sent)
        {
            return false;
        }

        Status = reported;
        Error = reported == DeliveryStatus.Delivered ? null : Clip(error, MaxErrorLength) ?? Error;
        ReportedUtc = nowUtc;
        UpdatedUtc = nowUtc;
        return true;
    }

    private void Settle(string? provider, DeliveryStatus status, DateTime nowUtc)
    {
        Status = status;
        Provider = provider;
        ClaimToken = null;
        LeaseUntilUtc = null;
        UpdatedUtc = nowUtc;
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;

    internal sealed class Configuration : IEntityTypeConfiguration<DeliveryRecord>
    {
        public void Configure(EntityTypeBuilder<DeliveryRecord> builder)
        {
            builder.ToTable("Deliveries");
            builder.HasKey(d => d.Id);
            builder.HasOne<Campaign>().WithMany().HasForeignKey(d => d.CampaignId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(d => new { d.CampaignId, d.ContactId, d.Channel }).IsUnique();
            // Claims: a campaign's due rows on one channel, oldest first (and, for progress, the rows not due yet).
            builder.HasIndex(d => new { d.CampaignId, d.Channel, d.Status, d.DueUtc });
            // Completion and progress: a campaign's rows by status. It covers the progress counts (channel, skip
            // reason, retries, lease lapses), which are read from the index alone in its column order; Attempts
            // right after Status narrows the retried pending rows to a range (their errors).
            builder.HasIndex(d => new { d.CampaignId, d.Status, d.Attempts, d.Channel, d.SkipReason, d.LeaseLapses }).HasDatabaseName("IX_Deliveries_Progress");
            // The current send rate: a campaign's rows sent in the last seconds, per channel.
            builder.HasIndex(d => new { d.CampaignId, d.SentUtc, d.Channel }).HasDatabaseName("IX_Deliveries_SendRate");
            builder.HasIndex(d => d.ContactId);
            builder.HasIndex(d => d.ProviderMessageId);
            builder.Property(d => d.ClaimToken).IsConcurrencyToken();
            builder.Property(d => d.ClaimedBy).HasMaxLength(MaxClaimedByLength);
            builder.Property(d => d.Provider).HasMaxLength(20);
            builder.Property(d => d.ProviderMessageId).HasMaxLength(MaxProviderMessageIdLength);
            builder.Property(d => d.Error).HasMaxLength(MaxErrorLength);
        }
    }
}
