namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A WhatsApp message is an approved template (required to start a conversation) or free text (only inside the
/// 24-hour window after the contact wrote).
/// </summary>
public enum WhatsAppMessageKind
{
    Template = 1,
    Text = 2,
}
