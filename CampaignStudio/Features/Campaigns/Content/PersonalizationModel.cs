namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Everything one recipient's message may be personalised with. Values left null render empty (or the
/// <c>default</c> filter's value).
/// </summary>
public sealed record PersonalizationModel
{
    /// <summary>An empty model: every value renders empty.</summary>
    public static PersonalizationModel Empty { get; } = new();

    /// <summary><c>contact.*</c>.</summary>
    public PersonalizationContact? Contact { get; init; }

    /// <summary><c>campaign.name</c>.</summary>
    public string? CampaignName { get; init; }

    /// <summary><c>unsubscribe_url</c>.</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary><c>preferences_url</c>.</summary>
    public string? PreferencesUrl { get; init; }

    /// <summary><c>view_in_browser_url</c>.</summary>
    public string? ViewInBrowserUrl { get; init; }
}
