using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Notifications;

/// <summary>Someone who asked to hear about a campaign they did not create (besides its creator and the admins, who hear about every campaign).</summary>
public sealed class CampaignFollower
{
    private CampaignFollower()
    {
    }

    public CampaignFollower(int campaignId, string userId, DateTime nowUtc)
    {
        CampaignId = campaignId;
        UserId = userId;
        CreatedUtc = nowUtc;
    }

    public int CampaignId { get; private set; }

    public string UserId { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<CampaignFollower>
    {
        public void Configure(EntityTypeBuilder<CampaignFollower> builder)
        {
            builder.ToTable("CampaignFollowers");
            // A campaign's followers are read by campaign; following twice is the same row.
            builder.HasKey(f => new { f.CampaignId, f.UserId });
            builder.HasOne<Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.Cascade);
            builder.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
