using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CampaignStudio.Benchmarks.Tracking;

/// <summary>The app itself (its <c>Program</c> and every feature), hosted in this process on Kestrel.</summary>
/// <remarks>Any type of the app's assembly names its entry point; this project's own top-level <c>Program</c> would hide the app's.</remarks>
internal sealed class TrackingApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<CampaignStudio.Features.Tracking.TrackingOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
