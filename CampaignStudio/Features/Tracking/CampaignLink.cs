using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// A tracked link of a campaign: where the click redirect sends people (a personalised link keeps its Liquid here and
/// its rendered target travels, signed, in each message's link), and its click counters.
/// </summary>
public sealed class CampaignLink
{
    public const int MaxUrlLength = 2048;

    private CampaignLink()
    {
    }

    public CampaignLink(int campaignId, int linkIndex, string url, bool isPersonalized, Channel channel = Channel.Email)
    {
        CampaignId = campaignId;
        Channel = channel;
        LinkIndex = linkIndex;
        Url = url.Length > MaxUrlLength ? url[..MaxUrlLength] : url;
        IsPersonalized = isPersonalized;
    }

    public int CampaignId { get; private set; }

    public int LinkIndex { get; private set; }

    public string Url { get; private set; } = "";

    public bool IsPersonalized { get; private set; }

    /// <summary>The channel whose content holds the link.</summary>
    public Channel Channel { get; private set; } = Channel.Email;

    public long Clicks { get; private set; }

    public long UniqueClicks { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<CampaignLink>
    {
        public void Configure(EntityTypeBuilder<CampaignLink> builder)
        {
            builder.ToTable("CampaignLinks");
            builder.HasKey(l => new { l.CampaignId, l.LinkIndex });
            builder.HasOne<Campaign>().WithMany().HasForeignKey(l => l.CampaignId).OnDelete(DeleteBehavior.Cascade);
            builder.Property(l => l.Url).HasMaxLength(MaxUrlLength);
            builder.Property(l => l.Channel).HasDefaultValue(Channel.Email).HasSentinel((Channel)0);
        }
    }
}
