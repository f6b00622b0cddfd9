namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>An email as the marketer wrote it. Subject, preheader and bodies may use Liquid.</summary>
/// <param name="FromName">Sender name shown in the inbox.</param>
/// <param name="FromAddress">Sender address.</param>
/// <param name="ReplyTo">Where replies go; the sender address when empty.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Preheader">Preview text shown after the subject in most inboxes.</param>
/// <param name="HtmlBody">HTML body.</param>
/// <param name="TextBody">Plain-text body; derived from the HTML when empty.</param>
public sealed record EmailContentDraft(
    string? FromName,
    string? FromAddress,
    string? ReplyTo,
    string? Subject,
    string? Preheader,
    string? HtmlBody,
    string? TextBody);
