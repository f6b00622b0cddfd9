namespace CampaignStudio.Features.Delivery.Channels.Email;

public static class EmailChannelFeature
{
    /// <summary>The SMTP channel, registered only when <c>Channels:Smtp</c> is configured; otherwise email goes to the Outbox.</summary>
    public static WebApplicationBuilder AddEmailChannel(this WebApplicationBuilder builder) => builder;
}
