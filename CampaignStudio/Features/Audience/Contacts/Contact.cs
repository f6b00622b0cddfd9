using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// A person in the CRM. Email and phone are stored encrypted (<see cref="EmailCipher"/>, <see cref="PhoneCipher"/>)
/// with a keyed blind index for exact lookup (<see cref="EmailHash"/>, <see cref="PhoneHash"/>); the email's domain
/// and the phone's region are kept in the clear for segmentation.
/// </summary>
public sealed class Contact
{
    private readonly List<ContactTag> tags = [];
    private readonly List<ContactConsent> consents = [];
    private readonly List<ContactFieldValue> fieldValues = [];

    private Contact()
    {
    }

    public Contact(DateTime nowUtc)
    {
        CreatedUtc = nowUtc;
        UpdatedUtc = nowUtc;
    }

    public long Id { get; private set; }

    public string? ExternalId { get; set; }

    public byte[]? EmailCipher { get; private set; }

    public byte[]? EmailHash { get; private set; }

    public string? EmailDomain { get; private set; }

    public byte[]? PhoneCipher { get; private set; }

    public byte[]? PhoneHash { get; private set; }

    /// <summary>ISO region of the phone number (e.g. <c>IN</c>), from libphonenumber.</summary>
    public string? PhoneRegion { get; private set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Company { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? Country { get; set; }

    public string? Region { get; set; }

    public string? City { get; set; }

    /// <summary>BCP 47 language tag, e.g. <c>en</c>, <c>hi-IN</c>.</summary>
    public string? Language { get; set; }

    /// <summary>IANA time zone, e.g. <c>Asia/Kolkata</c>.</summary>
    public string? TimeZone { get; set; }

    public DateOnly? BirthDate { get; set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public IReadOnlyCollection<ContactTag> Tags => tags;

    public IReadOnlyCollection<ContactConsent> Consents => consents;

    public IReadOnlyCollection<ContactFieldValue> FieldValues => fieldValues;

    public void SetEmail(SealedValue? email, string? domain)
    {
        EmailCipher = email?.Cipher;
        EmailHash = email?.Hash;
        EmailDomain = email is null ? null : domain;
    }

    public void SetPhone(SealedValue? phone, string? region)
    {
        PhoneCipher = phone?.Cipher;
        PhoneHash = phone?.Hash;
        PhoneRegion = phone is null ? null : region;
    }

    public void Touch(DateTime nowUtc) => UpdatedUtc = nowUtc;

    public bool AddTag(string tag)
    {
        if (tags.Any(t => string.Equals(t.Tag, tag, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        tags.Add(new ContactTag(tag));
        return true;
    }

    public bool RemoveTag(string tag) => tags.RemoveAll(t => string.Equals(t.Tag, tag, StringComparison.OrdinalIgnoreCase)) > 0;

    public void SetConsent(Channel channel, ConsentStatus status, string? source, string? wordingVersion, DateTime recordedUtc)
    {
        var existing = consents.FirstOrDefault(c => c.Channel == channel);
        if (existing is null)
        {
            consents.Add(new ContactConsent(channel, status, source, wordingVersion, recordedUtc));
        }
        else
        {
            existing.Update(status, source, wordingVersion, recordedUtc);
        }
    }

    public ConsentStatus ConsentFor(Channel channel) => consents.FirstOrDefault(c => c.Channel == channel)?.Status ?? ConsentStatus.Unknown;

    public void SetField(CustomFieldDefinition field, CustomFieldValue? value)
    {
        fieldValues.RemoveAll(v => v.FieldId == field.Id);
        if (value is not null)
        {
            fieldValues.Add(new ContactFieldValue(field.Id, value));
        }
    }

    internal sealed class Configuration : IEntityTypeConfiguration<Contact>
    {
        public void Configure(EntityTypeBuilder<Contact> builder)
        {
            builder.HasKey(c => c.Id);
            builder.Property(c => c.ExternalId).HasMaxLength(100);
            builder.HasIndex(c => c.ExternalId).IsUnique();
            builder.Property(c => c.EmailCipher).HasMaxLength(400);
            builder.Property(c => c.EmailHash).HasMaxLength(32);
            builder.HasIndex(c => c.EmailHash).IsUnique();
            builder.Property(c => c.EmailDomain).HasMaxLength(255);
            builder.HasIndex(c => c.EmailDomain);
            builder.Property(c => c.PhoneCipher).HasMaxLength(100);
            builder.Property(c => c.PhoneHash).HasMaxLength(32);
            builder.HasIndex(c => c.PhoneHash).IsUnique();
            builder.Property(c => c.PhoneRegion).HasMaxLength(2);
            builder.Property(c => c.FirstName).HasMaxLength(100);
            builder.Property(c => c.LastName).HasMaxLength(100);
            builder.Property(c => c.Company).HasMaxLength(200);
            builder.Property(c => c.Country).HasMaxLength(2);
            builder.Property(c => c.Region).HasMaxLength(100);
            builder.Property(c => c.City).HasMaxLength(100);
            builder.Property(c => c.Language).HasMaxLength(20);
            builder.Property(c => c.TimeZone).HasMaxLength(64);
            builder.HasIndex(c => new { c.Country, c.Region });
            builder.HasIndex(c => c.City);
            builder.HasIndex(c => new { c.LastName, c.FirstName });
            builder.HasIndex(c => c.Company);
            builder.HasIndex(c => c.CreatedUtc);
            builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(c => c.Consents).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(c => c.FieldValues).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
            builder.Navigation(c => c.Tags).HasField("tags");
            builder.Navigation(c => c.Consents).HasField("consents");
            builder.Navigation(c => c.FieldValues).HasField("fieldValues");
        }
    }
}

/// <summary>An encrypted value together with its blind index.</summary>
public sealed record SealedValue(byte[] Cipher, byte[] Hash);
