namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// Twilio's Messages API for SMS and WhatsApp, bound from <c>Channels:Twilio</c> and checked at start-up by
/// <see cref="TwilioOptionsValidator"/>. Leave the section empty and SMS and WhatsApp go to the Outbox; SMS is sent for
/// real once <see cref="FromNumber"/> or <see cref="MessagingServiceSid"/> is set, WhatsApp once <see cref="WhatsAppFrom"/>
/// is. Keep <see cref="AuthToken"/> out of the repository (user-secrets or <c>Channels__Twilio__AuthToken</c>).
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Channels:Twilio";

    /// <summary>The Account SID (<c>AC</c> and 32 hex digits).</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's Auth Token: the password of the API's Basic auth and the key of status callback signatures.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The SMS sender, an E.164 number (<c>+14155550100</c>). Not needed when <see cref="MessagingServiceSid"/> is set.</summary>
    public string? FromNumber { get; set; }

    /// <summary>A Messaging Service (<c>MG</c> and 32 hex digits) that picks the SMS sender; it takes precedence over <see cref="FromNumber"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The WhatsApp sender, an E.164 number; it is sent as <c>whatsapp:+…</c>.</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Where the API is: Twilio's, or a stand-in in tests.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>
    /// The app's address as Twilio reaches it (<c>https://crm.example.com</c>, with any path prefix the proxy adds).
    /// Messages ask for status callbacks at <c>{PublicBaseUrl}/api/v1/callbacks/twilio/status</c>, and callbacks are
    /// checked against that same address, so they validate behind a proxy. Without it no callback is asked for, and
    /// messages stay "sent" rather than moving on to delivered or undelivered.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long one API request may take before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>How many requests one batch has open at once.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>
    /// The Content SID (<c>HX…</c>) of each approved WhatsApp template, by template name and language:
    /// <c>"WhatsAppTemplates": { "diwali_offer_2026": { "en": "HX…" } }</c>, which is the configuration key
    /// <c>Channels:Twilio:WhatsAppTemplates:diwali_offer_2026:en</c> (<c>"diwali_offer_2026:en": "HX…"</c> in JSON is the same key).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> WhatsAppTemplates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when any setting is given: then the whole section is validated, rather than silently falling back to the Outbox.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(AccountSid) || !string.IsNullOrWhiteSpace(AuthToken) || !string.IsNullOrWhiteSpace(FromNumber)
        || !string.IsNullOrWhiteSpace(MessagingServiceSid) || !string.IsNullOrWhiteSpace(WhatsAppFrom);

    public bool SendsSms => IsConfigured && (!string.IsNullOrWhiteSpace(FromNumber) || !string.IsNullOrWhiteSpace(MessagingServiceSid));

    public bool SendsWhatsApp => IsConfigured && !string.IsNullOrWhiteSpace(WhatsAppFrom);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The status callback address given to Twilio, or null without <see cref="PublicBaseUrl"/>.</summary>
    public string? StatusCallbackUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.TrimEnd('/') + TwilioStatusCallback.Path;

    /// <summary>The configuration key that maps a template to its Content SID.</summary>
    public static string TemplateKey(string templateName, string? language) =>
        $"{SectionName}:{nameof(WhatsAppTemplates)}:{templateName}:{language}";

    /// <summary>The Content SID for a template in a language (names and languages compared without regard to case), or null.</summary>
    public string? ContentSidFor(string templateName, string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        foreach (var (name, languages) in WhatsAppTemplates)
        {
            if (!string.Equals(name, templateName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var (code, sid) in languages)
            {
                if (string.Equals(code, language, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(sid))
                {
                    return sid.Trim();
                }
            }
        }

        return null;
    }
}
