using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// A hit that is on disk but not yet counted: the tracking endpoints answer once their hit is stored here (one multi-row
/// INSERT per batch, nothing read, no row shared with another request), and the <see cref="TrackingHitFolder"/> moves
/// these rows into the events, markers and counters a batch at a time, deleting them in the same transaction. The table
/// is a queue: it is nearly always empty, has no index but its key and no foreign key, so appending to it is the cheapest
/// durable write the database offers.
/// </summary>
public sealed class PendingHit
{
    private PendingHit()
    {
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public int CampaignId { get; private set; }

    public Channel Channel { get; private set; }

    public TrackingEventKind Kind { get; private set; }

    public int LinkIndex { get; private set; }

    /// <summary>What the request itself gave away (a HEAD request, a scanner's user agent).</summary>
    public bool IsAutomated { get; private set; }

    public DateTime OccurredUtc { get; private set; }

    public string? UserAgent { get; private set; }

    public string? Name { get; private set; }

    public decimal? Value { get; private set; }

    public string? Currency { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<PendingHit>
    {
        public void Configure(EntityTypeBuilder<PendingHit> builder)
        {
            builder.ToTable("PendingHits");
            builder.HasKey(e => e.Id);
            builder.Property(e => e.UserAgent).HasMaxLength(TrackingEvent.MaxUserAgentLength);
            builder.Property(e => e.Name).HasMaxLength(TrackingEvent.MaxNameLength);
            builder.Property(e => e.Currency).HasMaxLength(3);
            builder.Property(e => e.Value).HasConversion(MoneyConverter.Instance);
        }
    }
}
