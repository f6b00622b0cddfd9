namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A campaign an engagement condition can name: its name and when it started sending (null if it has not).</summary>
public sealed record SentCampaignChoice(int Id, string Name, DateTime? SentUtc);
