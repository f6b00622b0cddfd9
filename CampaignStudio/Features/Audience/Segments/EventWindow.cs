namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Which events an aggregate looks at: relative (<see cref="InLast"/>, e.g. the last 90 days up to now) or absolute
/// (<see cref="From"/> / <see cref="To"/>, whole UTC days, both inclusive, either may be open).
/// </summary>
public sealed class EventWindow
{
    public RelativePeriod? InLast { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}
