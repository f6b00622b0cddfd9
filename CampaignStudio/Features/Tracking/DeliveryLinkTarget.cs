using CampaignStudio.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Where one personalised short link of one message goes: a link with Liquid in it renders differently for each
/// recipient, and a short link has no room to carry its target, so the rendered target is stored here before the
/// message goes out, and the short link's redirect reads it.
/// </summary>
public sealed class DeliveryLinkTarget
{
    private DeliveryLinkTarget()
    {
    }

    public DeliveryLinkTarget(long deliveryId, int linkIndex, string url)
    {
        DeliveryId = deliveryId;
        LinkIndex = linkIndex;
        Url = url;
    }

    public long DeliveryId { get; private set; }

    public int LinkIndex { get; private set; }

    public string Url { get; private set; } = "";

    internal sealed class Configuration : IEntityTypeConfiguration<DeliveryLinkTarget>
    {
        public void Configure(EntityTypeBuilder<DeliveryLinkTarget> builder)
        {
            builder.ToTable("DeliveryLinkTargets");
            builder.HasKey(t => new { t.DeliveryId, t.LinkIndex });
            builder.HasOne<DeliveryRecord>().WithMany().HasForeignKey(t => t.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            builder.Property(t => t.Url).HasMaxLength(CampaignLink.MaxUrlLength);
        }
    }
}
