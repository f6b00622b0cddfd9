namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>An SMS as the marketer wrote it (may use Liquid).</summary>
/// <param name="Text">The message.</param>
/// <param name="TrackedLinkBase">Where short tracked links point (the app's public address) when the text's links are tracked: its length is then measured with each link as its short link.</param>
public sealed record SmsContentDraft(string? Text, string? TrackedLinkBase = null);
