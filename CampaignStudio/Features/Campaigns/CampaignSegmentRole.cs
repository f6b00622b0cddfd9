namespace CampaignStudio.Features.Campaigns;

public enum CampaignSegmentRole
{
    /// <summary>Contacts in any included segment receive the campaign…</summary>
    Include = 1,

    /// <summary>…unless they are in any excluded segment.</summary>
    Exclude = 2,
}
