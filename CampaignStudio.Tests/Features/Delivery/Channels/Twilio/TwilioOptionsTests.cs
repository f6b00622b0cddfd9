using System.Text;
using CampaignStudio.Features.Delivery.Channels.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

public sealed class TwilioOptionsTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    [Fact]
    public void Validate_EmptySection_IsValidAndSendsNothing()
    {
        var options = new TwilioOptions();

        Assert.True(new TwilioOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.SendsSms || options.SendsWhatsApp);
    }

    [Fact]
    public void Validate_OnlyAnAccountSid_AsksForTheTokenAndASender()
    {
        var result = new TwilioOptionsValidator().Validate(null, new TwilioOptions { AccountSid = AccountSid });

        Assert.Equal(
            [
                "Channels:Twilio:AuthToken is required: the account's Auth Token (keep it in user-secrets or the environment variable Channels__Twilio__AuthToken).",
                "Channels:Twilio sends nothing: set FromNumber or MessagingServiceSid for SMS, and WhatsAppFrom for WhatsApp.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_MalformedValues_NameEachSettingAndItsForm()
    {
        var result = new TwilioOptionsValidator().Validate(null, new TwilioOptions
        {
            AccountSid = "SK0123",
            AuthToken = "token",
            FromNumber = "0044 20 7946 0000",
            MessagingServiceSid = "MG12",
            WhatsAppFrom = "whatsapp:+14155550111",
            BaseUrl = "api.twilio.com",
            PublicBaseUrl = "/relative",
            TimeoutSeconds = 0,
            MaxConcurrentRequests = 1000,
            WhatsAppTemplates = new() { ["diwali_offer_2026"] = new() { ["en"] = "diwali" } },
        });

        Assert.Equal(
            [
                "Channels:Twilio:AccountSid 'SK0123' is not an Account SID: it is AC followed by 32 hex digits.",
                "Channels:Twilio:FromNumber '0044 20 7946 0000' is not an E.164 number: write it as + and country code and number without spaces, e.g. +14155550100.",
                "Channels:Twilio:WhatsAppFrom 'whatsapp:+14155550111' is not an E.164 number: write it as + and country code and number without spaces, e.g. +14155550100.",
                "Channels:Twilio:MessagingServiceSid 'MG12' is not a Messaging Service SID: it is MG followed by 32 hex digits.",
                "Channels:Twilio:BaseUrl 'api.twilio.com' must be an absolute http(s) address without a query, e.g. https://crm.example.com.",
                "Channels:Twilio:PublicBaseUrl '/relative' must be an absolute http(s) address without a query, e.g. https://crm.example.com.",
                "Channels:Twilio:TimeoutSeconds must be between 1 and 300 (it is 0).",
                "Channels:Twilio:MaxConcurrentRequests must be between 1 and 256 (it is 1000).",
                "Channels:Twilio:WhatsAppTemplates:diwali_offer_2026:en 'diwali' is not a Content SID: it is HX followed by 32 hex digits, as shown for the approved template in the Twilio console.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_SmsFromAMessagingServiceOnly_IsValidAndSendsSmsNotWhatsApp()
    {
        var options = new TwilioOptions { AccountSid = AccountSid, AuthToken = "token", MessagingServiceSid = "MG0123456789abcdef0123456789abcdef" };

        Assert.True(new TwilioOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((true, false), (options.SendsSms, options.SendsWhatsApp));
    }

    [Theory]
    [InlineData("""{ "diwali_offer_2026:en": "HX0123456789abcdef0123456789abcdef" }""")]
    [InlineData("""{ "diwali_offer_2026": { "en": "HX0123456789abcdef0123456789abcdef" } }""")]
    public void Bind_TemplateMappingWrittenEitherWay_FindsTheContentSid(string templates)
    {
        var json = $$"""{ "Channels": { "Twilio": { "AccountSid": "{{AccountSid}}", "WhatsAppTemplates": {{templates}} } } }""";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

        var options = configuration.GetSection(TwilioOptions.SectionName).Get<TwilioOptions>()!;

        Assert.Equal("HX0123456789abcdef0123456789abcdef", options.ContentSidFor("diwali_offer_2026", "en"));
        Assert.Null(options.ContentSidFor("diwali_offer_2026", "hi"));
        Assert.Null(options.ContentSidFor("diwali_offer_2026", null));
    }

    [Fact]
    public async Task Start_PartlyConfigured_FailsWithTheSettingsToFix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Channels:Twilio:AccountSid"] = AccountSid, ["Channels:Twilio:FromNumber"] = "+14155550100" });
        builder.AddTwilioChannels();
        await using var app = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Channels:Twilio:AuthToken is required", refused.Message);
    }
}
