using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Identity;

/// <summary>The roles of CampaignStudio. Their rows are part of the model (seeded by migration), so every database has them.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string CampaignManager = "CampaignManager";
    public const string Approver = "Approver";
    public const string Analyst = "Analyst";

    public static IReadOnlyList<RoleInfo> All { get; } =
    [
        new(Admin, "Admin", "Everything, including users, API keys and settings.", "6a0c8a5e-3f51-4d0b-9a57-2b1f0c0e1a01"),
        new(CampaignManager, "Campaign manager", "Builds audiences and creates, schedules and runs campaigns.", "6a0c8a5e-3f51-4d0b-9a57-2b1f0c0e1a02"),
        new(Approver, "Approver", "Reviews and approves campaigns before they go out.", "6a0c8a5e-3f51-4d0b-9a57-2b1f0c0e1a03"),
        new(Analyst, "Analyst", "Reads everything, changes nothing.", "6a0c8a5e-3f51-4d0b-9a57-2b1f0c0e1a04"),
    ];

    public static bool IsKnown(string role) => All.Any(r => r.Name == role);

    public static string Describe(string role) => All.FirstOrDefault(r => r.Name == role)?.DisplayName ?? role;

    internal sealed class Configuration : IEntityTypeConfiguration<IdentityRole>
    {
        public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
            builder.HasData(All.Select(r => new IdentityRole
            {
                Id = r.Id,
                Name = r.Name,
                NormalizedName = r.Name.ToUpperInvariant(),
                ConcurrencyStamp = r.Id,
            }));
    }
}

public sealed record RoleInfo(string Name, string DisplayName, string Description, string Id);
