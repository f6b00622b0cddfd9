using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A device registration for push (an FCM token), encrypted at rest with a blind index.</summary>
public sealed class ContactPushToken
{
    private ContactPushToken()
    {
    }

    public ContactPushToken(long contactId, SealedValue token, string? platform, DateTime nowUtc)
    {
        ContactId = contactId;
        TokenCipher = token.Cipher;
        TokenHash = token.Hash;
        Platform = platform;
        CreatedUtc = nowUtc;
        LastSeenUtc = nowUtc;
    }

    public long Id { get; private set; }

    public long ContactId { get; private set; }

    public byte[] TokenCipher { get; private set; } = [];

    public byte[] TokenHash { get; private set; } = [];

    /// <summary><c>android</c>, <c>ios</c> or <c>web</c>.</summary>
    public string? Platform { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime LastSeenUtc { get; private set; }

    public void Seen(DateTime nowUtc) => LastSeenUtc = nowUtc;

    internal sealed class Configuration : IEntityTypeConfiguration<ContactPushToken>
    {
        public void Configure(EntityTypeBuilder<ContactPushToken> builder)
        {
            builder.HasKey(t => t.Id);
            builder.Property(t => t.TokenCipher).HasMaxLength(1024);
            builder.Property(t => t.TokenHash).HasMaxLength(32);
            builder.HasIndex(t => t.TokenHash).IsUnique();
            builder.Property(t => t.Platform).HasMaxLength(16);
            builder.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(t => t.ContactId);
        }
    }
}
