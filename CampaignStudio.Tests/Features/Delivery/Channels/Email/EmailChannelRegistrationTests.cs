using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CampaignStudio.Tests.Features.Delivery.Channels.Email.EmailChannelWorld;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>The real app picks the SMTP channel for email only when <c>Channels:Smtp:Host</c> is set, and refuses to start on bad settings.</summary>
public sealed class EmailChannelRegistrationTests
{
    [Fact]
    public async Task Registry_WithSmtpHost_SendsEmailThroughTheConfiguredServer()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, RequireStartTls = true, UserName = "campaigns", Password = "relay-pass" });
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, WithoutMigrations(smtp.ChannelSettings()));

        var registry = app.Services.GetRequiredService<ChannelRegistry>();
        var email = registry.For(Channel.Email);
        var results = await email.SendAsync(NewEmails(2), CancellationToken.None);

        Assert.IsType<EmailChannel>(email);
        Assert.Equal(("SMTP", true), (email.Provider, registry.SendsForReal(Channel.Email)));
        Assert.IsType<OutboxChannel>(registry.For(Channel.Sms));
        Assert.All(results, r => Assert.True(r.Outcome == SendOutcome.Accepted, r.Error));
        Assert.All(await smtp.WaitForMessagesAsync(2), m => Assert.Equal((true, "campaigns"), (m.OverTls, m.AuthenticatedAs)));
    }

    [Fact]
    public async Task Registry_WithoutSmtpHost_EmailGoesToTheOutbox()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, WithoutMigrations(new() { ["Channels:Smtp:Port"] = "2525" }));

        var registry = app.Services.GetRequiredService<ChannelRegistry>();

        Assert.IsType<OutboxChannel>(registry.For(Channel.Email));
        Assert.False(registry.SendsForReal(Channel.Email));
        Assert.Null(app.Services.GetService<EmailChannel>());
    }

    [Fact]
    public async Task Start_WithBadSmtpSettings_FailsNamingEveryProblem()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Smtp:Host"] = "smtp.acme.example",
            ["Channels:Smtp:Port"] = "465",
            ["Channels:Smtp:PoolSize"] = "0",
            ["Channels:Smtp:UserName"] = "campaigns",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddEmailChannel();
        await using var app = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Channels:Smtp:Port 465 is SMTPS (TLS from the first byte): set Channels:Smtp:Security to SslOnConnect.", refused.Failures);
        Assert.Contains("Channels:Smtp:Password is required when Channels:Smtp:UserName is set.", refused.Failures);
        Assert.Contains(refused.Failures, f => f.Contains("PoolSize", StringComparison.Ordinal));
    }

    /// <summary>Choosing a channel needs no tables, so these tests do not wait for (or depend on) the schema.</summary>
    private static Dictionary<string, string?> WithoutMigrations(Dictionary<string, string?> settings)
    {
        settings["Database:MigrateOnStartup"] = "false";
        return settings;
    }
}
