using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>
/// A numeric property of an event (e.g. <c>lifting.mt = 42.5</c>), one row per property, denormalised with the
/// event's name, contact and time so that "sum of lifting.mt in the last 90 days" is one index range scan.
/// </summary>
public sealed class ContactEventMeasure
{
    private ContactEventMeasure()
    {
    }

    public ContactEventMeasure(ContactEvent evt, string key, decimal value)
    {
        Event = evt;
        ContactId = evt.ContactId;
        EventName = evt.Name;
        OccurredUtc = evt.OccurredUtc;
        Key = key;
        Value = value;
    }

    public long EventId { get; private set; }

    public ContactEvent? Event { get; private set; }

    public long ContactId { get; private set; }

    public string EventName { get; private set; } = "";

    public string Key { get; private set; } = "";

    public DateTime OccurredUtc { get; private set; }

    public decimal Value { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ContactEventMeasure>
    {
        public void Configure(EntityTypeBuilder<ContactEventMeasure> builder)
        {
            builder.HasKey(m => new { m.EventId, m.Key });
            builder.Property(m => m.EventName).HasMaxLength(64);
            builder.Property(m => m.Key).HasMaxLength(64);
            builder.Property(m => m.Value).HasPrecision(18, 4);
            builder.HasOne(m => m.Event).WithMany().HasForeignKey(m => m.EventId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(m => new { m.EventName, m.Key, m.OccurredUtc, m.ContactId, m.Value });
            // Per-contact aggregates (a rule's event condition next to narrowing conditions).
            builder.HasIndex(m => new { m.ContactId, m.EventName, m.Key, m.OccurredUtc, m.Value });
        }
    }
}
