using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A saved segment: a name people pick in campaigns and the rules that select its contacts, evaluated when used
/// (never a stored list). <see cref="Revision"/> is the concurrency token: an edit based on an older revision is
/// refused instead of silently overwriting someone else's change.
/// </summary>
public sealed class Segment
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Segment()
    {
    }

    public Segment(string name, string? description, SegmentDefinition definition, Actor createdBy, DateTime nowUtc)
    {
        Apply(name, description, definition);
        CreatedById = createdBy.Id;
        CreatedByName = createdBy.Name;
        CreatedUtc = nowUtc;
        UpdatedUtc = nowUtc;
        Revision = 1;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Upper-case <see cref="Name"/>: names are unique regardless of case, on both providers.</summary>
    public string NormalizedName { get; private set; } = "";

    public string? Description { get; private set; }

    public string DefinitionJson { get; private set; } = "";

    public int DefinitionVersion { get; private set; }

    public string CreatedById { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public string? UpdatedByName { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public int Revision { get; private set; }

    public SegmentDefinition ReadDefinition() => SegmentJson.Deserialize(DefinitionJson);

    /// <summary>Changes the segment if <paramref name="expectedRevision"/> is still the current one.</summary>
    public void Update(string name, string? description, SegmentDefinition definition, int expectedRevision, Actor updatedBy, DateTime nowUtc)
    {
        if (expectedRevision != Revision)
        {
            throw new ConflictException($"Someone else changed the segment '{Name}' since you opened it. Reload it and make your change again.");
        }

        Apply(name, description, definition);
        UpdatedByName = updatedBy.Name;
        UpdatedUtc = nowUtc;
        Revision++;
    }

    public static string NormalizeName(string name) => name.Trim().ToUpperInvariant();

    private void Apply(string name, string? description, SegmentDefinition definition)
    {
        name = name?.Trim() ?? "";
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw ValidationFailedException.For(nameof(Name), $"Give the segment a name of 1 to {MaxNameLength} characters.");
        }

        if (description?.Length > MaxDescriptionLength)
        {
            throw ValidationFailedException.For(nameof(Description), $"A description is at most {MaxDescriptionLength} characters.");
        }

        Name = name;
        NormalizedName = NormalizeName(name);
        Description = description;
        DefinitionJson = SegmentJson.Serialize(definition);
        DefinitionVersion = definition.Version;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<Segment>
    {
        public void Configure(EntityTypeBuilder<Segment> builder)
        {
            builder.HasKey(s => s.Id);
            builder.Property(s => s.Name).HasMaxLength(MaxNameLength);
            builder.Property(s => s.NormalizedName).HasMaxLength(MaxNameLength);
            builder.HasIndex(s => s.NormalizedName).IsUnique();
            builder.Property(s => s.Description).HasMaxLength(MaxDescriptionLength);
            builder.Property(s => s.DefinitionJson);
            builder.Property(s => s.CreatedById).HasMaxLength(450);
            builder.Property(s => s.CreatedByName).HasMaxLength(256);
            builder.Property(s => s.UpdatedByName).HasMaxLength(256);
            builder.Property(s => s.Revision).IsConcurrencyToken();
        }
    }
}
