using CampaignStudio.Features.Campaigns.Content;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class CampaignContentFeatureTests
{
    [Fact]
    public void AddCampaignContent_ConfiguredLimits_ReachRendererAndChecker()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Campaigns:Liquid:MaxLoopIterations"] = "2",
            ["Campaigns:Content:MaxSmsSegments"] = "1",
        });

        builder.AddCampaignContent();
        using var services = builder.Services.BuildServiceProvider();

        var renderer = services.GetRequiredService<LiquidRenderer>();
        Assert.Equal("1,2,", renderer.Render("{% for i in (1..9) %}{{ i }},{% endfor %}", PersonalizationModel.Empty, LiquidOutputMode.Text));
        Assert.Same(renderer, services.GetRequiredService<LiquidRenderer>());
        var checker = services.GetRequiredService<ContentChecker>();
        var sms = PersonalizationFields.ForChannel(CampaignStudio.Features.Shared.Channel.Sms);
        Assert.Single(checker.CheckSms(new SmsContentDraft(new string('a', 161)), sms).Warnings);
    }
}
