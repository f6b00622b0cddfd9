using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>The app itself (its <c>Program</c>, every feature and the sending engine), hosted in this process.</summary>
/// <remarks>Any type of the app's assembly names its entry point; this project's own top-level <c>Program</c> would hide the app's.</remarks>
internal sealed class EngineApp(IReadOnlyDictionary<string, string?> settings, SendStamps? stamps = null) : WebApplicationFactory<CampaignStudio.Features.Delivery.DeliveryOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (stamps is not null)
        {
            builder.ConfigureServices(services => services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(stamps.Handler)));
        }
    }
}
