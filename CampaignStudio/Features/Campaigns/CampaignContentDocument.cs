namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A campaign's current content as stored: its JSON, kept apart from the campaign's other values so that scanning
/// campaigns (the list, the sending engine's scan) never reads bodies that can be hundreds of kilobytes.
/// </summary>
public sealed class CampaignContentDocument
{
    private CampaignContentDocument()
    {
    }

    internal CampaignContentDocument(string json) => Json = json;

    public string Json { get; internal set; } = "";
}
