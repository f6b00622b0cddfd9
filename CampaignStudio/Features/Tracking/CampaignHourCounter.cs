using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>A campaign's engagement on one channel in one hour (UTC, start of the hour): its time series. Unique counts fall in the hour of the first hit.</summary>
public sealed class CampaignHourCounter : EngagementCounters
{
    private CampaignHourCounter()
    {
    }

    public DateTime HourUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<CampaignHourCounter>
    {
        public void Configure(EntityTypeBuilder<CampaignHourCounter> builder)
        {
            builder.ToTable("CampaignHourCounters");
            builder.HasKey(c => new { c.CampaignId, c.Channel, c.HourUtc });
            builder.Property(c => c.ConversionValue).HasConversion(MoneyConverter.Instance);
        }
    }
}
