using CampaignStudio.Features.Identity;

namespace CampaignStudio.Features.Campaigns;

/// <summary>A full snapshot of a campaign's channels and content, numbered 1, 2, 3… per campaign, kept for comparison.</summary>
public sealed class CampaignContentVersion
{
    private CampaignContentVersion()
    {
    }

    internal CampaignContentVersion(int version, CampaignChannels channels, string contentJson, Actor by, DateTime nowUtc)
    {
        Version = version;
        Channels = channels;
        ContentJson = contentJson;
        CreatedById = by.Id;
        CreatedByName = by.Name;
        CreatedUtc = nowUtc;
    }

    public int CampaignId { get; private set; }

    public int Version { get; private set; }

    public CampaignChannels Channels { get; private set; }

    public string ContentJson { get; private set; } = "";

    public string CreatedById { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public CampaignContent ReadContent() => CampaignJson.DeserializeContent(ContentJson);
}
