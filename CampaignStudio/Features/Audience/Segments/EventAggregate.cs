namespace CampaignStudio.Features.Audience.Segments;

public enum EventAggregate
{
    Count,
    Sum,
    Min,
    Max,

    /// <summary>The time of the last occurrence, compared with before / after / inLast / moreThanAgo / never.</summary>
    Last,
}
