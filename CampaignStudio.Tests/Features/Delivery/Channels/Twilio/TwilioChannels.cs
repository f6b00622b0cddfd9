using CampaignStudio.Features.Delivery.Channels.Twilio;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>The Twilio channels as the app builds them, pointed at a <see cref="TwilioStandIn"/>, over real HTTP on loopback.</summary>
public static class TwilioChannels
{
    public const string FromNumber = "+14155550100";
    public const string WhatsAppFrom = "+14155550111";
    public const string PublicBaseUrl = "https://crm.example.test";

    public static TwilioOptions Options(TwilioStandIn twilio, Action<TwilioOptions>? configure = null)
    {
        var options = new TwilioOptions
        {
            AccountSid = twilio.AccountSid,
            AuthToken = twilio.AuthToken,
            BaseUrl = twilio.BaseUrl.ToString(),
            FromNumber = FromNumber,
            WhatsAppFrom = WhatsAppFrom,
            PublicBaseUrl = PublicBaseUrl,
            TimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        return options;
    }

    public static SmsChannel Sms(TwilioStandIn twilio, Action<TwilioOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(twilio, configure));
        return new SmsChannel(Client(options, clock), options, NullLogger<SmsChannel>.Instance);
    }

    public static WhatsAppChannel WhatsApp(TwilioStandIn twilio, Action<TwilioOptions>? configure = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(twilio, configure));
        return new WhatsAppChannel(Client(options, null), options, NullLogger<WhatsAppChannel>.Instance);
    }

    private static TwilioClient Client(IOptions<TwilioOptions> options, TimeProvider? clock) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, clock ?? TimeProvider.System);
}
