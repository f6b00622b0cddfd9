namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>How inserted values are written into the output.</summary>
public enum LiquidOutputMode
{
    /// <summary>As is: SMS, WhatsApp, push, email subject, preheader and text body.</summary>
    Text = 1,

    /// <summary>HTML-encoded (<c>&lt;</c> becomes <c>&amp;lt;</c>): the email HTML body.</summary>
    Html = 2,
}
