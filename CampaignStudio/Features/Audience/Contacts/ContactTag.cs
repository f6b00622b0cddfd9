using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A label on a contact (e.g. <c>dealer</c>, <c>vip</c>). Indexed by tag for segment rules.</summary>
public sealed class ContactTag
{
    private ContactTag()
    {
    }

    public ContactTag(string tag) => Tag = tag;

    public long ContactId { get; private set; }

    public string Tag { get; private set; } = "";

    internal sealed class Configuration : IEntityTypeConfiguration<ContactTag>
    {
        public void Configure(EntityTypeBuilder<ContactTag> builder)
        {
            builder.HasKey(t => new { t.ContactId, t.Tag });
            builder.Property(t => t.Tag).HasMaxLength(64);
            builder.HasIndex(t => new { t.Tag, t.ContactId });
        }
    }
}
