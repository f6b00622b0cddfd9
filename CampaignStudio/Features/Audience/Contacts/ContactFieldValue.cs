using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>One custom-field value of one contact, in the typed column its field's type uses (indexed for rules).</summary>
public sealed class ContactFieldValue
{
    private ContactFieldValue()
    {
    }

    public ContactFieldValue(int fieldId, CustomFieldValue value)
    {
        FieldId = fieldId;
        TextValue = value.Text;
        NumberValue = value.Number;
        DateValue = value.Date;
        BoolValue = value.Boolean;
    }

    public long ContactId { get; private set; }

    public int FieldId { get; private set; }

    public string? TextValue { get; private set; }

    public decimal? NumberValue { get; private set; }

    public DateOnly? DateValue { get; private set; }

    public bool? BoolValue { get; private set; }

    public CustomFieldValue ToValue() => new(TextValue, NumberValue, DateValue, BoolValue);

    internal sealed class Configuration : IEntityTypeConfiguration<ContactFieldValue>
    {
        public void Configure(EntityTypeBuilder<ContactFieldValue> builder)
        {
            builder.HasKey(v => new { v.ContactId, v.FieldId });
            builder.Property(v => v.TextValue).HasMaxLength(500);
            builder.Property(v => v.NumberValue).HasPrecision(18, 4);
            builder.HasOne<CustomFieldDefinition>().WithMany().HasForeignKey(v => v.FieldId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(v => new { v.FieldId, v.TextValue });
            builder.HasIndex(v => new { v.FieldId, v.NumberValue });
            builder.HasIndex(v => new { v.FieldId, v.DateValue });
        }
    }
}
