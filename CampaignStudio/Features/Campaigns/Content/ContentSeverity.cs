namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>How serious a content problem is.</summary>
public enum ContentSeverity
{
    /// <summary>Shown on review; the campaign may still be saved and sent.</summary>
    Warning = 1,

    /// <summary>Blocks saving until fixed.</summary>
    Error = 2,
}
