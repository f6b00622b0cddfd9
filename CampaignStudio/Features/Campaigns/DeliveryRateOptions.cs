using System.ComponentModel.DataAnnotations;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// How many messages per second each channel sends (<c>Campaigns:Delivery:RatePerSecond:Email</c> and so on): the
/// review step estimates a campaign's send duration from them.
/// </summary>
public sealed class DeliveryRateOptions
{
    public const string SectionName = "Campaigns:Delivery:RatePerSecond";

    [Range(1, 100_000)]
    public int Email { get; set; } = 50;

    [Range(1, 100_000)]
    public int Sms { get; set; } = 10;

    [Range(1, 100_000)]
    public int WhatsApp { get; set; } = 20;

    [Range(1, 100_000)]
    public int Push { get; set; } = 500;

    public int For(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.Sms => Sms,
        Channel.WhatsApp => WhatsApp,
        Channel.Push => Push,
        _ => 1,
    };

    /// <summary>How long <paramref name="recipients"/> messages take on <paramref name="channel"/> at its rate.</summary>
    public TimeSpan Duration(Channel channel, int recipients) => TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, recipients) / (double)For(channel)));
}
