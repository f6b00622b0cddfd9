namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>What is wrong with a Liquid template.</summary>
public enum LiquidProblemKind
{
    /// <summary>The template does not parse (an unclosed tag, a stray <c>}}</c>...).</summary>
    Syntax = 1,

    /// <summary>A variable that is neither a personalisation field nor assigned in the template.</summary>
    UnknownField = 2,

    /// <summary>A known field that this channel does not provide (e.g. <c>unsubscribe_url</c> in a push message).</summary>
    UnavailableField = 3,

    /// <summary>A filter that does not exist.</summary>
    UnknownFilter = 4,

    /// <summary>A filter that exists in Liquid but is not allowed in campaign templates.</summary>
    DisallowedFilter = 5,

    /// <summary>A tag that is not allowed in campaign templates (<c>include</c>, <c>render</c>, <c>cycle</c>...).</summary>
    DisallowedTag = 6,
}
