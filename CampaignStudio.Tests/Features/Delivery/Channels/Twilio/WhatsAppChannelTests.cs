using System.Text.Json;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Twilio;

/// <summary>The WhatsApp channel against the Twilio stand-in: approved templates as Content SIDs, free text as a body.</summary>
public sealed class WhatsAppChannelTests : IAsyncLifetime
{
    private const string Asha = "+919820012345";
    private const string DiwaliEn = "HX0123456789abcdef0123456789abcdef";
    private TwilioStandIn twilio = null!;

    public async Task InitializeAsync() => twilio = await TwilioStandIn.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task Send_Template_PostsContentSidAndNumberedVariablesFromTheWhatsAppSender()
    {
        var message = new WhatsAppMessage(5, 42, Asha) { TemplateName = "diwali_offer_2026", Language = "en", Variables = ["Asha", "20% \"off\"", "दिवाली"] };

        var result = Assert.Single(await Channel().SendAsync([message], CancellationToken.None));

        var request = Assert.Single(twilio.Requests);
        Assert.Equal(("whatsapp:" + Asha, "whatsapp:" + TwilioChannels.WhatsAppFrom, DiwaliEn), (request.To, request.From, request.ContentSid));
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Asha", ["2"] = "20% \"off\"", ["3"] = "दिवाली" }, JsonSerializer.Deserialize<Dictionary<string, string>>(request.ContentVariables!));
        Assert.Null(request.Body);
        Assert.Equal("https://crm.example.test/api/v1/callbacks/twilio/status", request.StatusCallback);
        Assert.Equal((SendOutcome.Accepted, request.Sid), (result.Outcome, result.ProviderMessageId));
    }

    [Fact]
    public async Task Send_TemplateWithoutVariables_SendsNoContentVariables()
    {
        await Channel().SendAsync([new WhatsAppMessage(5, 42, Asha) { TemplateName = "DIWALI_OFFER_2026", Language = "EN" }], CancellationToken.None);

        var request = Assert.Single(twilio.Requests);
        Assert.Equal(DiwaliEn, request.ContentSid);
        Assert.False(request.Form.ContainsKey("ContentVariables"));
    }

    [Fact]
    public async Task Send_TemplateWithoutAMapping_FailsPermanentlyNamingTheSettingAndSendsNothing()
    {
        var message = new WhatsAppMessage(5, 42, Asha) { TemplateName = "diwali_offer_2026", Language = "hi", Variables = ["Asha"] };

        var result = Assert.Single(await Channel().SendAsync([message], CancellationToken.None));

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.Equal("WhatsApp template 'diwali_offer_2026' (hi) has no Twilio Content SID: set Channels:Twilio:WhatsAppTemplates:diwali_offer_2026:hi to the approved template's HX… SID.", result.Error);
        Assert.Empty(twilio.Requests);
    }

    [Fact]
    public async Task Send_FreeText_PostsTheBodyWithoutContentSid()
    {
        var result = Assert.Single(await Channel().SendAsync([new WhatsAppMessage(6, 42, Asha) { Body = "Your order has shipped." }], CancellationToken.None));

        var request = Assert.Single(twilio.Requests);
        Assert.Equal(("whatsapp:" + Asha, "Your order has shipped."), (request.To, request.Body));
        Assert.Null(request.ContentSid);
        Assert.Equal(SendOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public async Task Send_NeitherTemplateNorText_IsPermanent()
    {
        var result = Assert.Single(await Channel().SendAsync([new WhatsAppMessage(6, 42, Asha)], CancellationToken.None));

        Assert.Equal((SendOutcome.Permanent, "The WhatsApp message has neither a template nor text."), (result.Outcome, result.Error));
        Assert.Empty(twilio.Requests);
    }

    [Fact]
    public async Task Send_NumberWithoutWhatsApp_IsInvalidRecipient()
    {
        twilio.SetReplyFor(Asha, TwilioStandIn.InvalidNumber(63003));

        var result = Assert.Single(await Channel().SendAsync([new WhatsAppMessage(6, 42, Asha) { Body = "Hello" }], CancellationToken.None));

        Assert.Equal((SendOutcome.InvalidRecipient, "Twilio 63003: Channel could not find To address"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_MessageOfAnotherChannel_IsPermanent()
    {
        var result = Assert.Single(await Channel().SendAsync([new SmsMessage(9, 42, Asha, "Hi")], CancellationToken.None));

        Assert.Equal((9L, SendOutcome.Permanent, "The WhatsApp channel cannot send a Sms message."), (result.DeliveryId, result.Outcome, result.Error));
    }

    private IChannel Channel() => TwilioChannels.WhatsApp(twilio, o => o.WhatsAppTemplates["diwali_offer_2026"] = new() { ["en"] = DiwaliEn });
}
