namespace CampaignStudio.Features.Outbox;

public static class OutboxFeature
{
    /// <summary>
    /// The Outbox and test sends (which render with the campaign preview of <c>AddCampaignPages</c>). A real channel adds its own
    /// <see cref="ITestMessageSink"/> after this call to take its channel's test messages.
    /// </summary>
    public static WebApplicationBuilder AddOutboxFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<OutboxService>();
        services.AddScoped<ITestMessageSink, OutboxTestMessageSink>();
        services.AddScoped<TestSendService>();
        return builder;
    }
}
