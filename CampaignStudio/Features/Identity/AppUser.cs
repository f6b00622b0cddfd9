using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Identity;

/// <summary>A person who signs in to CampaignStudio (a marketer, an approver, an analyst, an admin).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>False once an admin deactivated the account: sign-in is refused and open sessions lose access.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }

    public DateTime? DeactivatedUtc { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<AppUser>
    {
        public void Configure(EntityTypeBuilder<AppUser> builder)
        {
            builder.Property(u => u.DisplayName).HasMaxLength(200);
        }
    }
}
