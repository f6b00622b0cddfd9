
namespace CampaignStudio.Features.Campaigns;

/// <summary>A segment a campaign includes or excludes, in the order chosen. Part of the <see cref="Campaign"/>.</summary>
public sealed class CampaignSegment
{
    private CampaignSegment()
    {
    }

    internal CampaignSegment(int segmentId, CampaignSegmentRole role, int position)
    {
        SegmentId = segmentId;
        Role = role;
        Position = position;
    }

    public int CampaignId { get; private set; }

    public int SegmentId { get; private set; }

    public CampaignSegmentRole Role { get; private set; }

    public int Position { get; private set; }

    internal void Place(CampaignSegmentRole role, int position)
    {
        Role = role;
        Position = position;
    }
}
