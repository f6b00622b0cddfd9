namespace CampaignStudio.Features.Audience.Contacts;

public enum ConsentStatus
{
    /// <summary>Never asked or not known: not reachable on a channel that needs opt-in.</summary>
    Unknown = 0,
    Granted = 1,
    Withdrawn = 2,
}
