using CampaignStudio.Components;
using CampaignStudio.Features.Identity;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;

namespace CampaignStudio;

/// <summary>Host-wide wiring that belongs to no single feature.</summary>
public static class HostingExtensions
{
    /// <summary>
    /// In Development, loads <c>appsettings.Development.json</c> from the repository's top level (shared by the
    /// app, the tests and docker-compose users), ranked just above <c>appsettings.json</c> so that user-secrets,
    /// environment variables and the command line still win.
    /// </summary>
    public static WebApplicationBuilder AddSharedDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var file = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "..", "appsettings.Development.json"));
        var sources = builder.Configuration.Sources;
        var index = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        var source = new JsonConfigurationSource { Path = file, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(index + 1, source);
        return builder;
    }

    public static WebApplicationBuilder AddUserInterface(this WebApplicationBuilder builder)
    {
        // Serve package assets (MudBlazor's CSS and JS) from the build output in every environment, not only in
        // Development; a published app has them in wwwroot and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        return builder;
    }

    public static WebApplication UseRequestPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        else
        {
            app.UseExceptionHandler();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Explicit, so that the set-up gate runs before authentication would send an empty workspace to sign-in.
        app.UseSetupGate();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapUserInterface(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        return app;
    }

    /// <summary><c>GET /health</c>: 200 when the database answers, 503 when it does not.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { AllowCachingResponses = false }).AllowAnonymous();
        return app;
    }
}
