using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// One tracked link of a campaign: its position among the campaign's links (the email's first, then those of the SMS,
/// the WhatsApp text and the push deep link), the channel whose content holds it, and its target as written — with
/// Liquid in it when <see cref="IsPersonalized"/>, in which case each message's link carries its own rendered target.
/// </summary>
public sealed record TrackedLink(int Index, string Url, bool IsPersonalized)
{
    public Channel Channel { get; init; } = Channel.Email;
}
