namespace CampaignStudio.Features.Campaigns;

public enum CampaignScheduleKind
{
    /// <summary>As soon as it is scheduled.</summary>
    SendNow = 1,

    /// <summary>At a date and time in one chosen time zone.</summary>
    At = 2,

    /// <summary>At a date and time of day in each recipient's own time zone.</summary>
    RecipientLocalTime = 3,
}
