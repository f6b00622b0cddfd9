namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A WhatsApp message: an approved template with its parameters, or free-form text.</summary>
/// <param name="TemplateName">The approved template's name (e.g. <c>order_update</c>).</param>
/// <param name="Language">The template's language code (e.g. <c>en</c>, <c>en_US</c>).</param>
/// <param name="Variables">The template's parameters in order, <c>{{1}}</c> first; each is a Liquid template such as <c>{{ contact.first_name }}</c>.</param>
/// <param name="FreeText">Free-form text (may use Liquid); only delivered inside a 24-hour customer service window.</param>
public sealed record WhatsAppContentDraft(string? TemplateName, string? Language, IReadOnlyList<string>? Variables, string? FreeText);
