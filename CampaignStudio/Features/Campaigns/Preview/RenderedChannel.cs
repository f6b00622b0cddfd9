using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Preview;

/// <summary>
/// One channel's content rendered for one person: an email's subject, preheader, sanitised HTML and text part; an
/// SMS or WhatsApp text; a WhatsApp template with its filled variables; a push title, body, image and link.
/// <see cref="Error"/> says why the channel could not be rendered (a template mistake), and then nothing else is set.
/// </summary>
public sealed record RenderedChannel(Channel Channel)
{
    public string? Subject { get; init; }

    public string? Preheader { get; init; }

    /// <summary>Sanitised HTML (email only): safe to show in a sandboxed frame.</summary>
    public string? Html { get; init; }

    public string? Text { get; init; }

    public string? TemplateName { get; init; }

    public string? Language { get; init; }

    public IReadOnlyList<string> Variables { get; init; } = [];

    public string? ImageUrl { get; init; }

    public string? DeepLink { get; init; }

    public string? Error { get; init; }
}
