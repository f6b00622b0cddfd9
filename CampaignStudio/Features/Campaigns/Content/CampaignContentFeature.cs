using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Registers the content toolkit for the campaign feature to call from its own <c>Add…()</c>.</summary>
public static class CampaignContentFeature
{
    /// <summary>
    /// One <see cref="LiquidRenderer"/> and one <see cref="ContentChecker"/> (both stateless and thread-safe), with their
    /// limits bound from <c>Campaigns:Liquid</c> and <c>Campaigns:Content</c> and validated at start-up. The other
    /// tools (<see cref="SmsSegmentCounter"/>, <see cref="LiquidTemplateValidator"/>, <see cref="EmailHtmlSanitizer"/>,
    /// <see cref="PlainTextGenerator"/>, <see cref="EmailLinkInspector"/>) are static.
    /// </summary>
    public static WebApplicationBuilder AddCampaignContent(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LiquidSandboxOptions>().Bind(builder.Configuration.GetSection(LiquidSandboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ContentCheckOptions>().Bind(builder.Configuration.GetSection(ContentCheckOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new LiquidRenderer(sp.GetRequiredService<IOptions<LiquidSandboxOptions>>().Value));
        services.AddSingleton(sp => new ContentChecker(sp.GetRequiredService<IOptions<ContentCheckOptions>>().Value, sp.GetRequiredService<LiquidRenderer>()));
        return builder;
    }
}
