namespace CampaignStudio.Features.Campaigns;

/// <summary>Something about a campaign's content, for a field (e.g. <c>content.email.subject</c>).</summary>
/// <param name="InPersonalization">
/// A personalisation (Liquid) error: a tag that does not parse or a field that does not exist. Those are refused when
/// content is saved, since nothing later can make them right; missing parts only stop scheduling.
/// </param>
public sealed record CampaignContentIssue(string Field, string Message, CampaignContentIssueSeverity Severity, bool InPersonalization = false);

public enum CampaignContentIssueSeverity
{
    /// <summary>Worth a look, does not stop scheduling (e.g. an SMS of three parts).</summary>
    Warning = 1,

    /// <summary>Stops scheduling (e.g. a missing subject, a personalisation tag that does not parse).</summary>
    Error = 2,
}
