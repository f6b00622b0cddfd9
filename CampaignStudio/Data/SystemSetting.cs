using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Data;

/// <summary>A workspace-wide key/value fact, such as the moment set-up was completed.</summary>
public sealed class SystemSetting
{
    private SystemSetting()
    {
    }

    public SystemSetting(string key, string value, DateTime updatedUtc)
    {
        Key = key;
        Value = value;
        UpdatedUtc = updatedUtc;
    }

    public string Key { get; private set; } = "";

    public string Value { get; private set; } = "";

    public DateTime UpdatedUtc { get; private set; }

    public void Change(string value, DateTime nowUtc)
    {
        Value = value;
        UpdatedUtc = nowUtc;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<SystemSetting>
    {
        public void Configure(EntityTypeBuilder<SystemSetting> builder)
        {
            builder.HasKey(s => s.Key);
            builder.Property(s => s.Key).HasMaxLength(100);
            builder.Property(s => s.Value).HasMaxLength(4000);
        }
    }
}
