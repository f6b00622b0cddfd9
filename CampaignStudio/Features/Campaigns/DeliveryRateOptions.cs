using System.ComponentModel.DataAnnotations;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// How many messages per second each channel sends (<c>Campaigns:Delivery:RatePerSecond:Email</c> and so on): the
/// review step estimates a campaign's send duration from them.
/// </summary>
public sealed class DeliveryRateOptions : PerChannelSetting
{
    public const string SectionName = "Campaigns:Delivery:RatePerSecond";

    [Range(1, 100_000)]
    public override int Email { get; set; } = 50;

    [Range(1, 100_000)]
    public override int Sms { get; set; } = 10;

    [Range(1, 100_000)]
    public override int WhatsApp { get; set; } = 20;

    [Range(1, 100_000)]
    public override int Push { get; set; } = 500;

    /// <summary>How long <paramref name="recipients"/> messages take on <paramref name="channel"/> at its rate.</summary>
    public TimeSpan Duration(Channel channel, int recipients) => TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, recipients) / (double)For(channel)));
}
