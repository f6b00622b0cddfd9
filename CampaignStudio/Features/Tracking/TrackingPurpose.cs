namespace CampaignStudio.Features.Tracking;

/// <summary>What a tracking token was signed for: a token signed for one purpose does not verify for another.</summary>
public enum TrackingPurpose : byte
{
    Open = 1,
    Click = 2,

    /// <summary>A click whose target was personalised: the rendered URL travels with the link and is signed with it.</summary>
    PersonalizedClick = 3,

    /// <summary>Attribution of a conversion (the click cookie, a landing page's <c>d</c> parameter, the conversions API).</summary>
    Conversion = 4,

    /// <summary>The short link of an SMS or WhatsApp text (<c>/s/{code}</c>).</summary>
    ShortClick = 5,
}
