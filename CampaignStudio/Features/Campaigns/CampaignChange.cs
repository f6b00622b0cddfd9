using CampaignStudio.Features.Identity;

namespace CampaignStudio.Features.Campaigns;

/// <summary>One entry of a campaign's change log: who did what, when, in a short sentence.</summary>
public sealed class CampaignChange
{
    public const int MaxSummaryLength = 2000;

    private CampaignChange()
    {
    }

    internal CampaignChange(CampaignChangeAction action, string summary, Actor by, DateTime nowUtc, int? contentVersion = null)
    {
        Action = action;
        Summary = summary.Length > MaxSummaryLength ? summary[..(MaxSummaryLength - 1)] + "…" : summary;
        ActorId = by.Id;
        ActorName = by.Name;
        OccurredUtc = nowUtc;
        ContentVersion = contentVersion;
    }

    public long Id { get; private set; }

    public int CampaignId { get; private set; }

    public CampaignChangeAction Action { get; private set; }

    public string Summary { get; private set; } = "";

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public DateTime OccurredUtc { get; private set; }

    /// <summary>The content version a content change created.</summary>
    public int? ContentVersion { get; private set; }
}
