using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Identity.ApiKeys;

/// <summary>
/// A credential for <c>/api/v1</c>. Only a SHA-256 hash of the key is stored (the key carries 256 random bits,
/// so a slow hash adds nothing); the public prefix finds the row.
/// </summary>
public sealed class ApiKey
{
    private ApiKey()
    {
    }

    public ApiKey(string name, string role, string prefix, byte[] hash, string createdBy, DateTime createdUtc)
    {
        if (!Roles.IsKnown(role))
        {
            throw new DomainException($"'{role}' is not a role. Roles are {string.Join(", ", Roles.All.Select(r => r.Name))}.");
        }

        Id = Guid.NewGuid();
        Name = name;
        Role = role;
        Prefix = prefix;
        Hash = hash;
        CreatedBy = createdBy;
        CreatedUtc = createdUtc;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Role { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public byte[] Hash { get; private set; } = [];

    public string CreatedBy { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime? LastUsedUtc { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    public bool IsRevoked => RevokedUtc is not null;

    public void Revoke(DateTime now)
    {
        if (IsRevoked)
        {
            throw new DomainException($"The key '{Name}' is already revoked.");
        }

        RevokedUtc = now;
    }

    /// <summary>Records use at most once a minute, so a busy integration does not write on every request.</summary>
    public bool MarkUsed(DateTime now)
    {
        if (LastUsedUtc is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        LastUsedUtc = now;
        return true;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<ApiKey>
    {
        public void Configure(EntityTypeBuilder<ApiKey> builder)
        {
            builder.HasKey(k => k.Id);
            builder.Property(k => k.Name).HasMaxLength(100);
            builder.Property(k => k.Role).HasMaxLength(50);
            builder.Property(k => k.Prefix).HasMaxLength(16);
            builder.Property(k => k.Hash).HasMaxLength(32);
            builder.Property(k => k.CreatedBy).HasMaxLength(200);
            builder.HasIndex(k => k.Prefix).IsUnique();
            builder.Ignore(k => k.IsRevoked);
        }
    }
}
