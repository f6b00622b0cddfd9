using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>A campaign's engagement on one channel, all time: what the metrics of many campaigns at once read.</summary>
public sealed class CampaignCounter : EngagementCounters
{
    private CampaignCounter()
    {
    }

    internal sealed class Configuration : IEntityTypeConfiguration<CampaignCounter>
    {
        public void Configure(EntityTypeBuilder<CampaignCounter> builder)
        {
            builder.ToTable("CampaignCounters");
            builder.HasKey(c => new { c.CampaignId, c.Channel });
            builder.Property(c => c.ConversionValue).HasConversion(MoneyConverter.Instance);
        }
    }
}
