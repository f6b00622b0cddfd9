namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A link in an email body.</summary>
/// <param name="Href">The target as written (Liquid kept), empty when the link has none.</param>
/// <param name="Text">The link's visible text (whitespace collapsed; an image link's alt text).</param>
public sealed record EmailLink(string Href, string Text)
{
    /// <summary>True when the target or the text is the unsubscribe or preferences placeholder.</summary>
    public bool IsUnsubscribe => EmailLinkInspector.ContainsUnsubscribePlaceholder(Href) || EmailLinkInspector.ContainsUnsubscribePlaceholder(Text);
}
