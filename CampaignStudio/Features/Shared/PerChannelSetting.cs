namespace CampaignStudio.Features.Shared;

/// <summary>
/// A number for each channel (a rate, a worker count, a limit) bound from configuration (<c>…:Email</c>, <c>…:Sms</c>,
/// <c>…:WhatsApp</c>, <c>…:Push</c>) and read with <see cref="For"/>. Each setting gives its own defaults and ranges.
/// </summary>
public abstract class PerChannelSetting
{
    public abstract int Email { get; set; }

    public abstract int Sms { get; set; }

    public abstract int WhatsApp { get; set; }

    public abstract int Push { get; set; }

    public int For(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.Sms => Sms,
        Channel.WhatsApp => WhatsApp,
        Channel.Push => Push,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a channel."),
    };
}
