namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>An SMS as the marketer wrote it (may use Liquid).</summary>
/// <param name="Text">The message.</param>
public sealed record SmsContentDraft(string? Text);
