using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// What the recipient of one message did, keyed by the message (delivery): when they first opened, clicked, converted,
/// unsubscribed (by people, not by machines), and how often. The markers make unique counts cheap — a hit is "first"
/// when its marker was still empty — and answer "who opened / clicked / converted" and segment rules by index.
/// </summary>
public sealed class DeliveryEngagement
{
    private DeliveryEngagement()
    {
    }

    public long DeliveryId { get; private set; }

    public int CampaignId { get; private set; }

    public long ContactId { get; private set; }

    public Channel Channel { get; private set; }

    public DateTime? FirstOpenUtc { get; private set; }

    public DateTime? FirstClickUtc { get; private set; }

    public DateTime? ConvertedUtc { get; private set; }

    public DateTime? UnsubscribedUtc { get; private set; }

    public int Opens { get; private set; }

    public int AutomatedOpens { get; private set; }

    public int Clicks { get; private set; }

    public int AutomatedClicks { get; private set; }

    public int Conversions { get; private set; }

    public decimal ConversionValue { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<DeliveryEngagement>
    {
        public void Configure(EntityTypeBuilder<DeliveryEngagement> builder)
        {
            builder.ToTable("DeliveryEngagements");
            builder.HasKey(e => e.DeliveryId);
            builder.Property(e => e.DeliveryId).ValueGeneratedNever();
            builder.HasOne<DeliveryRecord>().WithOne().HasForeignKey<DeliveryEngagement>(e => e.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            // Who opened / clicked / converted, newest first, a page at a time.
            builder.HasIndex(e => new { e.CampaignId, e.FirstOpenUtc });
            builder.HasIndex(e => new { e.CampaignId, e.FirstClickUtc });
            builder.HasIndex(e => new { e.CampaignId, e.ConvertedUtc });
            // Segment rules: what a contact did, with any campaign.
            builder.HasIndex(e => new { e.ContactId, e.CampaignId });
            builder.Property(e => e.ConversionValue).HasConversion(MoneyConverter.Instance);
        }
    }
}
