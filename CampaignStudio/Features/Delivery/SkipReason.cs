namespace CampaignStudio.Features.Delivery;

/// <summary>Why a contact of the audience gets no message on a channel.</summary>
public enum SkipReason
{
    /// <summary>No email address, phone number or push token for the channel.</summary>
    NoAddress = 1,

    /// <summary>The contact has not granted consent on the channel.</summary>
    NoConsent = 2,

    /// <summary>The address is on the suppression list (unsubscribed, bounced, complained, or added by hand).</summary>
    Suppressed = 3,

    /// <summary>Consent was withdrawn after the audience was frozen, before the message went out.</summary>
    ConsentWithdrawn = 4,

    /// <summary>The contact was erased after the audience was frozen.</summary>
    ContactErased = 5,
}
