namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// A day on which two or more campaigns include the same segment, so the same contacts may hear from several of them.
/// </summary>
public sealed record CalendarOverlap(DateOnly Day, IReadOnlyList<int> CampaignIds, IReadOnlyList<string> CampaignNames, IReadOnlyList<string> SegmentNames)
{
    /// <summary>In words, for the warning's tooltip.</summary>
    public string Describe() =>
        $"Overlapping audiences: {Join(CampaignNames)} {(CampaignNames.Count == 2 ? "both" : "all")} include {Join(SegmentNames)}.";

    private static string Join(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => $"'{names[0]}'",
        _ => string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'")) + $" and '{names[^1]}'",
    };
}
