namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>What kind of value a personalisation field holds, so an editor can offer the right filters and sample.</summary>
public enum PersonalizationValueKind
{
    /// <summary>Text.</summary>
    Text = 1,

    /// <summary>A number.</summary>
    Number = 2,

    /// <summary>A date, rendered <c>yyyy-MM-dd</c>; format it with the <c>date</c> filter.</summary>
    Date = 3,

    /// <summary>True or false.</summary>
    Boolean = 4,

    /// <summary>A list of texts (e.g. tags); loop over it with <c>for</c> or <c>join</c> it.</summary>
    List = 5,

    /// <summary>A link.</summary>
    Url = 6,
}
