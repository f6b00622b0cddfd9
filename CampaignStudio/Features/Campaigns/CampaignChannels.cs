using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The channels a campaign sends on, stored as one integer of flags so that lists filter on a channel in SQL.
/// The campaign's "type" is this set (e.g. Email + WhatsApp).
/// </summary>
[Flags]
public enum CampaignChannels
{
    None = 0,
    Email = 1,
    Sms = 2,
    WhatsApp = 4,
    Push = 8,
}

public static class CampaignChannelsExtensions
{
    private static readonly Channel[] Ordered = [Channel.Email, Channel.Sms, Channel.WhatsApp, Channel.Push];

    public static CampaignChannels ToFlag(this Channel channel) => channel switch
    {
        Channel.Email => CampaignChannels.Email,
        Channel.Sms => CampaignChannels.Sms,
        Channel.WhatsApp => CampaignChannels.WhatsApp,
        Channel.Push => CampaignChannels.Push,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    public static CampaignChannels ToFlags(this IEnumerable<Channel> channels) =>
        channels.Aggregate(CampaignChannels.None, (all, channel) => all | channel.ToFlag());

    /// <summary>The channels in the set, in the fixed order Email, SMS, WhatsApp, Push.</summary>
    public static IReadOnlyList<Channel> ToList(this CampaignChannels channels) =>
        [.. Ordered.Where(c => (channels & c.ToFlag()) != 0)];

    public static bool Includes(this CampaignChannels channels, Channel channel) => (channels & channel.ToFlag()) != 0;

    public static string Describe(this CampaignChannels channels) =>
        channels == CampaignChannels.None ? "no channel" : string.Join(" + ", channels.ToList().Select(c => c.Display()));
}
