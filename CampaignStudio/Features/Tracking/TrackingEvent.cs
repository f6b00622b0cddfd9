using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// One recorded hit (an open, a click, a conversion, an unsubscribe), kept as it came. Written in multi-row batches by
/// the <see cref="TrackingHitFolder"/> from the hits the endpoints stored; metrics read the counters maintained beside
/// it, not these rows.
/// </summary>
public sealed class TrackingEvent
{
    public const int MaxUserAgentLength = 300;
    public const int MaxNameLength = 100;

    private TrackingEvent()
    {
    }

    public TrackingEvent(long deliveryId, int campaignId, Channel channel, TrackingEventKind kind, DateTime occurredUtc)
    {
        DeliveryId = deliveryId;
        CampaignId = campaignId;
        Channel = channel;
        Kind = kind;
        OccurredUtc = occurredUtc;
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public int CampaignId { get; private set; }

    public Channel Channel { get; private set; }

    public TrackingEventKind Kind { get; private set; }

    /// <summary>The link clicked (clicks only).</summary>
    public int? LinkIndex { get; init; }

    /// <summary>A mail privacy proxy, a scanner or a prefetcher rather than a person: counted apart, not in the rates.</summary>
    public bool IsAutomated { get; init; }

    public DateTime OccurredUtc { get; private set; }

    public string? UserAgent { get; init; }

    /// <summary>The conversion's name (e.g. <c>purchase</c>).</summary>
    public string? Name { get; init; }

    public decimal? Value { get; init; }

    public string? Currency { get; init; }

    internal sealed class Configuration : IEntityTypeConfiguration<TrackingEvent>
    {
        public void Configure(EntityTypeBuilder<TrackingEvent> builder)
        {
            builder.ToTable("TrackingEvents");
            builder.HasKey(e => e.Id);
            // Few indexes: this table takes every hit. Per-person and per-campaign figures come from the engagement
            // markers and counters; these rows serve exports and audits of one message or one campaign.
            builder.HasIndex(e => e.DeliveryId);
            builder.HasIndex(e => new { e.CampaignId, e.OccurredUtc });
            builder.Property(e => e.UserAgent).HasMaxLength(MaxUserAgentLength);
            builder.Property(e => e.Name).HasMaxLength(MaxNameLength);
            builder.Property(e => e.Currency).HasMaxLength(3);
            builder.Property(e => e.Value).HasConversion(MoneyConverter.Instance);
        }
    }
}
