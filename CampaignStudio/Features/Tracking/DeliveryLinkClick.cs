using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>That the recipient of a message clicked one of its links (by a person): what makes a link's unique clicks cheap.</summary>
public sealed class DeliveryLinkClick
{
    private DeliveryLinkClick()
    {
    }

    public long DeliveryId { get; private set; }

    public int LinkIndex { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<DeliveryLinkClick>
    {
        public void Configure(EntityTypeBuilder<DeliveryLinkClick> builder)
        {
            builder.ToTable("DeliveryLinkClicks");
            builder.HasKey(c => new { c.DeliveryId, c.LinkIndex });
        }
    }
}
