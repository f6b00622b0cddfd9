using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>The current consent of a contact on one channel: status, where it came from, when, and which wording.</summary>
public sealed class ContactConsent
{
    private ContactConsent()
    {
    }

    public ContactConsent(Channel channel, ConsentStatus status, string? source, string? wordingVersion, DateTime recordedUtc)
    {
        Channel = channel;
        Update(status, source, wordingVersion, recordedUtc);
    }

    public long ContactId { get; private set; }

    public Channel Channel { get; private set; }

    public ConsentStatus Status { get; private set; }

    public string? Source { get; private set; }

    public string? WordingVersion { get; private set; }

    public DateTime RecordedUtc { get; private set; }

    public void Update(ConsentStatus status, string? source, string? wordingVersion, DateTime recordedUtc)
    {
        Status = status;
        Source = source;
        WordingVersion = wordingVersion;
        RecordedUtc = recordedUtc;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<ContactConsent>
    {
        public void Configure(EntityTypeBuilder<ContactConsent> builder)
        {
            builder.HasKey(c => new { c.ContactId, c.Channel });
            builder.Property(c => c.Source).HasMaxLength(100);
            builder.Property(c => c.WordingVersion).HasMaxLength(50);
            builder.HasIndex(c => new { c.Channel, c.Status, c.ContactId });
        }
    }
}
