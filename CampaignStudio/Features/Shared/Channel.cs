namespace CampaignStudio.Features.Shared;

/// <summary>A way a message reaches a contact. Consent, addresses and campaigns are per channel.</summary>
public enum Channel
{
    Email = 1,
    Sms = 2,
    WhatsApp = 3,
    Push = 4,
}
