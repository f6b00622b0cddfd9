using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Campaigns.Media;

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("MediaAssets");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.FileName).HasMaxLength(MediaAsset.MaxFileNameLength);
        builder.Property(m => m.ContentType).HasMaxLength(50);
        builder.Property(m => m.CreatedByName).HasMaxLength(256);
        // LONGBLOB on MySQL (a plain BLOB stops at 64 KB).
        builder.Property(m => m.Content).HasMaxLength(int.MaxValue);
        builder.HasIndex(m => m.CreatedUtc);
    }
}
