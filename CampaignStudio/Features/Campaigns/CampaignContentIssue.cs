namespace CampaignStudio.Features.Campaigns;

/// <summary>Something about a campaign's content, for a field (e.g. <c>content.email.subject</c>).</summary>
public sealed record CampaignContentIssue(string Field, string Message, CampaignContentIssueSeverity Severity);

public enum CampaignContentIssueSeverity
{
    /// <summary>Worth a look, does not stop scheduling (e.g. an SMS of three parts).</summary>
    Warning = 1,

    /// <summary>Stops scheduling (e.g. a missing subject, a personalisation tag that does not parse).</summary>
    Error = 2,
}
