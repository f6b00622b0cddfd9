using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Recipient).HasMaxLength(OutboxMessage.MaxRecipientLength);
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength);
        builder.Property(m => m.CreatedById).HasMaxLength(450);
        builder.Property(m => m.CreatedByName).HasMaxLength(256);
        builder.Property(m => m.Status).HasMaxLength(OutboxMessage.MaxStatusLength);

        // The outbox page lists newest first; a campaign's messages are found by campaign.
        builder.HasIndex(m => m.CreatedUtc);
        builder.HasIndex(m => new { m.CampaignId, m.CreatedUtc });
    }
}
