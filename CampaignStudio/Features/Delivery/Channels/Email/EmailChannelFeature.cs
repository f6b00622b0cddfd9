using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Email;

public static class EmailChannelFeature
{
    /// <summary>
    /// The SMTP channel, registered only when <c>Channels:Smtp:Host</c> is configured (after the Outbox, so it wins);
    /// otherwise email goes to the Outbox. Its options are validated at start-up.
    /// </summary>
    public static WebApplicationBuilder AddEmailChannel(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SmtpOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(SmtpOptions.Host)]))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<SmtpOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<SmtpConnectionPool>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<EmailChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<EmailChannel>());
        return builder;
    }
}
