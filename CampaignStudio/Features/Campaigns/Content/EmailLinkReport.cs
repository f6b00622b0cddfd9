namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>The links of an email body.</summary>
/// <param name="Links">Every <c>&lt;a&gt;</c>, in document order.</param>
/// <param name="HasUnsubscribeLink">True when the body offers <c>{{ unsubscribe_url }}</c> or <c>{{ preferences_url }}</c>, as a link target, a link's text or visible text.</param>
public sealed record EmailLinkReport(IReadOnlyList<EmailLink> Links, bool HasUnsubscribeLink);
