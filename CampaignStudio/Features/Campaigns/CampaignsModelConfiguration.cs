using CampaignStudio.Features.Audience.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// How the campaign entities are stored. Kept apart from the entities, which know nothing of the database. The
/// indexes serve the campaign list at 100,000+ campaigns: every filter and sort has an index that starts with what
/// the list always filters on (not archived: ArchivedUtc IS NULL, which both providers look up in an index, unlike
/// NOT IsArchived), and the content JSON is in a table of its own that the list never touches.
/// </summary>
internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(Campaign.MaxNameLength);
        builder.Property(c => c.NormalizedName).HasMaxLength(Campaign.MaxNameLength);
        builder.Property(c => c.Description).HasMaxLength(Campaign.MaxDescriptionLength);
        builder.Property(c => c.FieldsJson);
        builder.Property(c => c.AttributesJson);
        builder.Property(c => c.CreatedById).HasMaxLength(450);
        builder.Property(c => c.CreatedByName).HasMaxLength(256);
        builder.Property(c => c.UpdatedById).HasMaxLength(450);
        builder.Property(c => c.UpdatedByName).HasMaxLength(256);
        // The content (HTML bodies can be large) lives in a table of its own, so that scanning campaigns for the list
        // never reads it (SQLite keeps values inline and walks them to reach the columns after them).
        builder.Ignore(c => c.ContentJson);
        builder.OwnsOne(c => c.Document, document =>
        {
            document.ToTable("CampaignContents");
            document.WithOwner().HasForeignKey("CampaignId");
            document.HasKey("CampaignId");
            document.Property(d => d.Json).HasColumnName("ContentJson");
        });
        builder.Navigation(c => c.Document).IsRequired();
        builder.Property(c => c.ScheduleTimeZone).HasMaxLength(Campaign.MaxTimeZoneLength);
        builder.Property(c => c.FailureReason).HasMaxLength(Campaign.MaxFailureReasonLength);
        builder.Property(c => c.ApprovalRequestedById).HasMaxLength(450);
        builder.Property(c => c.ApprovalRequestedByName).HasMaxLength(256);
        builder.Property(c => c.ReviewedById).HasMaxLength(450);
        builder.Property(c => c.ReviewedByName).HasMaxLength(256);
        builder.Property(c => c.RejectionComment).HasMaxLength(Campaign.MaxReviewCommentLength);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.Ignore(c => c.IsArchived);

        builder.HasMany(c => c.Segments).WithOne().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.History).WithOne().HasForeignKey(h => h.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.ContentVersions).WithOne().HasForeignKey(v => v.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Segments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(c => c.ContentVersions).UsePropertyAccessMode(PropertyAccessMode.Field);
        // A sender that campaigns use stays.
        builder.HasOne<EmailSender>().WithMany().HasForeignKey(c => c.EmailSenderId).OnDelete(DeleteBehavior.Restrict);

        // List: default order (newest first), and the sorts it offers.
        builder.HasIndex(c => new { c.ArchivedUtc, c.CreatedUtc });
        builder.HasIndex(c => new { c.ArchivedUtc, c.UpdatedUtc });
        builder.HasIndex(c => new { c.ArchivedUtc, c.NormalizedName });
        // List: scheduled-time range and sort; calendar.
        builder.HasIndex(c => new { c.ArchivedUtc, c.ScheduledForUtc });
        // List: status filter; the sending engine's scan for due campaigns (status = Scheduled, time <= now).
        builder.HasIndex(c => new { c.Status, c.ScheduledForUtc });
        // Calendar, dashboard and reports: campaigns that started sending within a date range.
        builder.HasIndex(c => c.StartedUtc);
        // List: sorted by status, newest first within a status (read backwards for the reverse order).
        builder.HasIndex(c => new { c.ArchivedUtc, c.Status, c.CreatedUtc, c.Id }).IsDescending(false, false, true, true);
        // List: creator filter, and the creators to offer in it.
        builder.HasIndex(c => new { c.CreatedById, c.CreatedByName });
        // List: one creator's campaigns, counted and newest first, without reading the rows of everyone else's.
        builder.HasIndex(c => new { c.CreatedById, c.ArchivedUtc, c.CreatedUtc });
        // Dashboard: the campaigns that finished last (read backwards).
        builder.HasIndex(c => c.CompletedUtc);
    }
}

internal sealed class CampaignSegmentConfiguration : IEntityTypeConfiguration<CampaignSegment>
{
    public void Configure(EntityTypeBuilder<CampaignSegment> builder)
    {
        builder.HasKey(s => new { s.CampaignId, s.SegmentId });
        // "Campaigns that send to this segment" (the list's segment filter), and the check before a segment is deleted.
        builder.HasIndex(s => new { s.SegmentId, s.Role, s.CampaignId });
        // A segment a campaign used stays: deleting it would rewrite whom the campaign was for.
        builder.HasOne<Segment>().WithMany().HasForeignKey(s => s.SegmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignChangeConfiguration : IEntityTypeConfiguration<CampaignChange>
{
    public void Configure(EntityTypeBuilder<CampaignChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.CampaignId, c.Id });
        builder.Property(c => c.Summary).HasMaxLength(CampaignChange.MaxSummaryLength);
        builder.Property(c => c.ActorId).HasMaxLength(450);
        builder.Property(c => c.ActorName).HasMaxLength(256);
    }
}

internal sealed class CampaignContentVersionConfiguration : IEntityTypeConfiguration<CampaignContentVersion>
{
    public void Configure(EntityTypeBuilder<CampaignContentVersion> builder)
    {
        builder.HasKey(v => new { v.CampaignId, v.Version });
        builder.Property(v => v.ContentJson);
        builder.Property(v => v.CreatedById).HasMaxLength(450);
        builder.Property(v => v.CreatedByName).HasMaxLength(256);
    }
}

internal sealed class EmailSenderConfiguration : IEntityTypeConfiguration<EmailSender>
{
    public void Configure(EntityTypeBuilder<EmailSender> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(EmailSender.MaxNameLength);
        builder.Property(s => s.Address).HasMaxLength(EmailContent.MaxAddressLength);
        builder.Property(s => s.DefaultReplyTo).HasMaxLength(EmailContent.MaxAddressLength);
    }
}

internal sealed class CampaignFieldDefinitionConfiguration : IEntityTypeConfiguration<CampaignFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CampaignFieldDefinition> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Key).HasMaxLength(CampaignFieldDefinition.MaxKeyLength);
        builder.HasIndex(f => f.Key).IsUnique();
        builder.Property(f => f.Label).HasMaxLength(CampaignFieldDefinition.MaxLabelLength);
        builder.Property(f => f.OptionsJson);
        builder.Ignore(f => f.Options);
    }
}
