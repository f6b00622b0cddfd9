namespace CampaignStudio.Features.Reporting;

/// <summary>How a report adds up its campaigns.</summary>
public enum ReportGrouping
{
    None = 0,
    Channel = 1,
    Creator = 2,
    Segment = 3,
}
