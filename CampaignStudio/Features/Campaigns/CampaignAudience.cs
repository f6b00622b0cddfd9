namespace CampaignStudio.Features.Campaigns;

/// <summary>Who a campaign goes to: contacts in any <see cref="Include"/> segment and in no <see cref="Exclude"/> segment.</summary>
public sealed record CampaignAudience(IReadOnlyList<SegmentChoice> Include, IReadOnlyList<SegmentChoice> Exclude)
{
    public const int MaxSegments = 20;

    public static CampaignAudience None { get; } = new([], []);

    public string Describe()
    {
        var include = Include.Count == 0 ? "no segment" : string.Join(", ", Include.Select(s => s.Name));
        var exclude = Exclude.Count == 0 ? "none" : string.Join(", ", Exclude.Select(s => s.Name));
        return $"Include {include}; exclude {exclude}";
    }
}
