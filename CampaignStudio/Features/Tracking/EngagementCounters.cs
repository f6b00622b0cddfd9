namespace CampaignStudio.Features.Tracking;

/// <summary>
/// The engagement counts kept per campaign × channel (<see cref="CampaignCounter"/>) and per campaign × channel × hour
/// (<see cref="CampaignHourCounter"/>), maintained in the same transaction as the hits they count.
/// </summary>
public abstract class EngagementCounters
{
    public int CampaignId { get; protected set; }

    public CampaignStudio.Features.Shared.Channel Channel { get; protected set; }

    public long Opens { get; protected set; }

    public long UniqueOpens { get; protected set; }

    public long AutomatedOpens { get; protected set; }

    public long Clicks { get; protected set; }

    public long UniqueClicks { get; protected set; }

    public long AutomatedClicks { get; protected set; }

    /// <summary>Recipients who converted (each once).</summary>
    public long Conversions { get; protected set; }

    /// <summary>Every conversion, also repeated ones of a recipient.</summary>
    public long ConversionEvents { get; protected set; }

    public decimal ConversionValue { get; protected set; }

    public long Unsubscribes { get; protected set; }
}
