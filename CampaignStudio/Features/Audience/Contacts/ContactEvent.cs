using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// Something a contact did: a purchase, a login, a dealer's monthly lifting, with an optional numeric
/// <see cref="Value"/> and properties (JSON, for the timeline). Numeric properties are also kept as
/// <see cref="ContactEventMeasure"/> rows so that rules aggregate them in SQL.
/// </summary>
public sealed class ContactEvent
{
    private ContactEvent()
    {
    }

    public ContactEvent(long contactId, string name, DateTime occurredUtc, decimal? value, string? propertiesJson, DateTime recordedUtc)
    {
        ContactId = contactId;
        Name = name;
        OccurredUtc = occurredUtc;
        Value = value;
        PropertiesJson = propertiesJson;
        RecordedUtc = recordedUtc;
    }

    public long Id { get; private set; }

    public long ContactId { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime OccurredUtc { get; private set; }

    public decimal? Value { get; private set; }

    public string? PropertiesJson { get; private set; }

    public DateTime RecordedUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ContactEvent>
    {
        public void Configure(EntityTypeBuilder<ContactEvent> builder)
        {
            builder.HasKey(e => e.Id);
            builder.Property(e => e.Name).HasMaxLength(64);
            builder.Property(e => e.Value).HasPrecision(18, 4);
            builder.Property(e => e.PropertiesJson).HasMaxLength(4000);
            builder.HasOne<Contact>().WithMany().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
            // Aggregates over a window scan this index alone: name, then time, then who and how much.
            builder.HasIndex(e => new { e.Name, e.OccurredUtc, e.ContactId, e.Value });
            // The contact page's timeline.
            builder.HasIndex(e => new { e.ContactId, e.OccurredUtc });
            // Per-contact aggregates (a rule's event condition next to narrowing conditions).
            builder.HasIndex(e => new { e.ContactId, e.Name, e.OccurredUtc, e.Value });
        }
    }
}
