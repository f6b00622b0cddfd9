namespace CampaignStudio.Features.Shared;

/// <summary>Channels as people write them.</summary>
public static class ChannelNames
{
    public static string Display(this Channel channel) => channel switch
    {
        Channel.Email => "Email",
        Channel.Sms => "SMS",
        Channel.WhatsApp => "WhatsApp",
        Channel.Push => "Push",
        _ => channel.ToString(),
    };
}
