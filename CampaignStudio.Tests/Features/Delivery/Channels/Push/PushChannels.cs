using CampaignStudio.Features.Delivery.Channels.Push;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Push;

/// <summary>The push channel as the app builds it, pointed at an <see cref="FcmStandIn"/>, over real HTTP on loopback.</summary>
public static class PushChannels
{
    public static FcmOptions Options(FcmStandIn fcm, Action<FcmOptions>? configure = null)
    {
        var options = new FcmOptions
        {
            ProjectId = fcm.ProjectId,
            ServiceAccountJson = fcm.ServiceAccountJson,
            BaseUrl = fcm.BaseUrl.ToString(),
            TimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        return options;
    }

    public static PushChannel Create(FcmStandIn fcm, Action<FcmOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(fcm, configure));
        var client = new FcmClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, new FcmAccessTokens(options), clock ?? TimeProvider.System);
        return new PushChannel(client, options, NullLogger<PushChannel>.Instance);
    }
}
