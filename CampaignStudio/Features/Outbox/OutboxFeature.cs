using CampaignStudio.Features.Campaigns.Preview;

namespace CampaignStudio.Features.Outbox;

public static class OutboxFeature
{
    /// <summary>
    /// The Outbox, test sends and the campaign preview they share. A real channel adds its own
    /// <see cref="ITestMessageSink"/> after this call to take its channel's test messages.
    /// </summary>
    public static WebApplicationBuilder AddOutboxFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CampaignPreviewRenderer>();
        services.AddScoped<PersonalizationSource>();
        services.AddScoped<OutboxService>();
        services.AddScoped<ITestMessageSink, OutboxTestMessageSink>();
        services.AddScoped<TestSendService>();
        return builder;
    }
}
