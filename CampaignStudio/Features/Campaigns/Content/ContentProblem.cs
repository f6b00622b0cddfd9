using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>One problem of a campaign's content, tied to the field it concerns so the editor can show it there.</summary>
/// <param name="Severity">Error (blocks saving) or warning.</param>
/// <param name="Channel">The channel whose content it concerns.</param>
/// <param name="Field">The field within the channel's content: <c>Subject</c>, <c>Variables[0]</c>, <c>Data[offer_id]</c>.</param>
/// <param name="Message">What is wrong and what to do, in the marketer's words.</param>
/// <param name="Line">For Liquid problems, the one-based line in the field.</param>
/// <param name="Column">For Liquid problems, the one-based column in the field.</param>
public sealed record ContentProblem(ContentSeverity Severity, Channel Channel, string Field, string Message, int? Line = null, int? Column = null, bool InPersonalization = false)
{
    /// <summary>Channel and field, e.g. <c>Email.Subject</c>.</summary>
    public string Path => Channel + "." + Field;

    /// <summary>True for an error.</summary>
    public bool IsError => Severity == ContentSeverity.Error;

    /// <summary>"Email.Subject: message".</summary>
    public override string ToString() => Path + ": " + Message;
}
