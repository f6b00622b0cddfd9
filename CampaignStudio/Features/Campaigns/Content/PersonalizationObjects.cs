namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>The top-level values a template may use. Which exist depends on the channel (see <see cref="PersonalizationFields.ForChannel"/>).</summary>
[Flags]
public enum PersonalizationObjects
{
    /// <summary>Nothing: a template without personalisation.</summary>
    None = 0,

    /// <summary><c>contact.*</c>, including <c>contact.fields.*</c>.</summary>
    Contact = 1,

    /// <summary><c>campaign.name</c>.</summary>
    Campaign = 2,

    /// <summary><c>unsubscribe_url</c>.</summary>
    UnsubscribeUrl = 4,

    /// <summary><c>preferences_url</c>.</summary>
    PreferencesUrl = 8,

    /// <summary><c>view_in_browser_url</c>.</summary>
    ViewInBrowserUrl = 16,

    /// <summary>All three links.</summary>
    Links = UnsubscribeUrl | PreferencesUrl | ViewInBrowserUrl,

    /// <summary>Everything.</summary>
    All = Contact | Campaign | Links,
}
