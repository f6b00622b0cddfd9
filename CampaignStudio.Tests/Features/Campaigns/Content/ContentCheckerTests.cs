using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class ContentCheckerTests
{
    private static readonly PersonalizationCustomField[] CustomFields = [new("dealer_tier", CustomFieldType.Choice)];
    private static readonly ContentChecker Checker = new();

    private static PersonalizationFields Fields(Channel channel) => PersonalizationFields.ForChannel(channel, CustomFields);

    private static EmailContentDraft GoodEmail() => new(
        "Acme Cement",
        "news@acme.example.com",
        null,
        "Hi {{ contact.first_name | default: 'there' }}, your monsoon offer",
        "Prices drop this week",
        "<p>Hello {{ contact.first_name }}</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
        null);

    [Fact]
    public void CheckEmail_GoodDraft_NoProblems()
    {
        Assert.Empty(Checker.CheckEmail(GoodEmail(), Fields(Channel.Email)).Problems);
    }

    [Fact]
    public void CheckEmail_MissingSubject_ErrorOnSubject()
    {
        var result = Checker.CheckEmail(GoodEmail() with { Subject = "  " }, Fields(Channel.Email));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("Email.Subject", ContentSeverity.Error, "Add a subject."), (problem.Path, problem.Severity, problem.Message));
        Assert.True(result.HasErrors);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("news@localhost")]
    [InlineData("Acme <news@acme.example.com>")]
    [InlineData("news@acme.example.com, other@acme.example.com")]
    [InlineData("{{ contact.email }}")]
    public void CheckEmail_InvalidFromAndReplyTo_Errors(string address)
    {
        var result = Checker.CheckEmail(GoodEmail() with { FromAddress = address, ReplyTo = address }, Fields(Channel.Email));

        Assert.Equal(["Email.FromAddress", "Email.ReplyTo"], result.Errors.Select(p => p.Path));
    }

    [Fact]
    public void CheckEmail_MissingFromAddress_Error()
    {
        var result = Checker.CheckEmail(GoodEmail() with { FromAddress = null }, Fields(Channel.Email));

        Assert.Equal("Enter the sender's email address.", Assert.Single(result.For("Email.FromAddress")).Message);
    }

    [Fact]
    public void CheckEmail_NoUnsubscribeLink_Warning()
    {
        var result = Checker.CheckEmail(GoodEmail() with { HtmlBody = "<p>Hello</p>" }, Fields(Channel.Email));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("Email.HtmlBody", ContentSeverity.Warning), (problem.Path, problem.Severity));
        Assert.Contains("unsubscribe", problem.Message);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void CheckEmail_TextOnlyWithUnsubscribe_NoWarning()
    {
        var draft = GoodEmail() with { HtmlBody = null, TextBody = "Hello\nUnsubscribe: {{ unsubscribe_url }}" };

        Assert.Empty(Checker.CheckEmail(draft, Fields(Channel.Email)).Problems);
    }

    [Fact]
    public void CheckEmail_NoBody_Error()
    {
        var result = Checker.CheckEmail(GoodEmail() with { HtmlBody = " ", TextBody = null }, Fields(Channel.Email));

        Assert.Equal("Write the email body.", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void CheckEmail_LiquidProblemsPerField_ErrorsWithLine()
    {
        var draft = GoodEmail() with
        {
            Subject = "Hi {{ contact.frist_name }}",
            HtmlBody = "<p>Hi</p>\n<p>{{ contact.fields.dealer_teir }}</p>\n<a href=\"{{ unsubscribe_url }}\">x</a>",
            TextBody = "{% include 'x' %}",
        };

        var errors = Checker.CheckEmail(draft, Fields(Channel.Email)).Errors;

        Assert.Equal(["Email.Subject", "Email.HtmlBody", "Email.TextBody"], errors.Select(e => e.Path));
        Assert.Equal("Unknown field 'contact.frist_name'. Did you mean 'contact.first_name'?", errors[0].Message);
        Assert.Equal((2, 7), (errors[1].Line, errors[1].Column));
    }

    [Fact]
    public void CheckEmail_UnsafeHtml_WarnsWhatIsRemoved()
    {
        var draft = GoodEmail() with { HtmlBody = GoodEmail().HtmlBody + "<script>x()</script>" };

        var problem = Assert.Single(Checker.CheckEmail(draft, Fields(Channel.Email)).Warnings);

        Assert.Equal("Removed before sending, as unsafe in email: <script>.", problem.Message);
    }

    [Fact]
    public void CheckEmail_LongSubjectAndMissingSenderName_Warnings()
    {
        var draft = GoodEmail() with { FromName = "", Subject = new string('s', 120) };

        var result = Checker.CheckEmail(draft, Fields(Channel.Email));

        Assert.Equal(["Email.FromName", "Email.Subject"], result.Warnings.Select(w => w.Path));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void CheckSms_ThreeSegments_NoWarning()
    {
        Assert.Empty(Checker.CheckSms(new SmsContentDraft(new string('a', 459)), Fields(Channel.Sms)).Problems);
    }

    [Fact]
    public void CheckSms_FourSegments_Warning()
    {
        var problem = Assert.Single(Checker.CheckSms(new SmsContentDraft(new string('a', 460)), Fields(Channel.Sms)).Problems);

        Assert.Equal(("Sms.Text", ContentSeverity.Warning), (problem.Path, problem.Severity));
        Assert.Contains("4 SMS segments", problem.Message);
    }

    [Fact]
    public void CheckSms_ConfiguredLimit_Respected()
    {
        var strict = new ContentChecker(new ContentCheckOptions { MaxSmsSegments = 1 }, new LiquidRenderer());

        Assert.Single(strict.CheckSms(new SmsContentDraft(new string('a', 161)), Fields(Channel.Sms)).Warnings);
    }

    [Fact]
    public void CheckSms_PersonalisedFittingOnceRendered_NoWarning()
    {
        // The template is 174 characters, but with the sample first name "Asha" the message is 154: one segment.
        var strict = new ContentChecker(new ContentCheckOptions { MaxSmsSegments = 1 }, new LiquidRenderer());

        Assert.Empty(strict.CheckSms(new SmsContentDraft(new string('a', 150) + "{{ contact.first_name }}"), Fields(Channel.Sms)).Problems);
    }

    [Fact]
    public void CheckSms_PersonalisedTooLongOnceRendered_WarnsMeasuredWithSampleValues()
    {
        // 158 characters plus "Asha" is 162: two segments once rendered.
        var strict = new ContentChecker(new ContentCheckOptions { MaxSmsSegments = 1 }, new LiquidRenderer());

        var problem = Assert.Single(strict.CheckSms(new SmsContentDraft(new string('a', 158) + "{{ contact.first_name }}"), Fields(Channel.Sms)).Problems);

        Assert.Equal("The message takes 2 SMS segments (measured with sample values; real values may differ), more than 1; each segment is billed as one SMS.", problem.Message);
    }

    [Fact]
    public void CheckSms_UnicodeCostingSegments_NamesTheCharacters()
    {
        var problem = Assert.Single(Checker.CheckSms(new SmsContentDraft(new string('a', 80) + " 😀"), Fields(Channel.Sms)).Problems);

        Assert.Equal("‘😀’ switches the message to Unicode, which fits 70 characters per segment instead of 160.", problem.Message);
    }

    [Fact]
    public void Sms_WithTrackedLinks_IsMeasuredWithEachLinkAsItsShortLink()
    {
        var strict = new ContentChecker(new ContentCheckOptions { MaxSmsSegments = 1 }, new LiquidRenderer());
        var text = "Sale: https://shop.acme.example/" + new string('a', 150);

        Assert.Single(strict.CheckSms(new SmsContentDraft(text), Fields(Channel.Sms)).Warnings);
        Assert.Empty(strict.CheckSms(new SmsContentDraft(text, "https://go.acme.example"), Fields(Channel.Sms)).Problems);
    }

    [Fact]
    public void CheckSms_EmptyOrBadLiquid_Errors()
    {
        Assert.Equal("Write the message.", Assert.Single(Checker.CheckSms(new SmsContentDraft(""), Fields(Channel.Sms)).Errors).Message);
        Assert.Single(Checker.CheckSms(new SmsContentDraft("Hi {{ contact.first_name"), Fields(Channel.Sms)).Errors);
        Assert.Single(Checker.CheckSms(new SmsContentDraft("{{ view_in_browser_url }}"), Fields(Channel.Sms)).Errors);
    }

    [Fact]
    public void CheckWhatsApp_NeitherTemplateNorText_Error()
    {
        var problem = Assert.Single(Checker.CheckWhatsApp(new WhatsAppContentDraft(null, null, null, null), Fields(Channel.WhatsApp)).Problems);

        Assert.Equal(("WhatsApp.TemplateName", ContentSeverity.Error), (problem.Path, problem.Severity));
    }

    [Fact]
    public void CheckWhatsApp_GoodTemplate_NoProblems()
    {
        var draft = new WhatsAppContentDraft("order_update", "en_US", ["{{ contact.first_name | default: 'there' }}", "{{ contact.fields.dealer_tier }}"], null);

        Assert.Empty(Checker.CheckWhatsApp(draft, Fields(Channel.WhatsApp)).Problems);
    }

    [Fact]
    public void CheckWhatsApp_TemplateProblems_ErrorsPerField()
    {
        var draft = new WhatsAppContentDraft("Order Update", null, ["{{ contact.first_name }}", " ", "{{ contact.frist_name }}"], null);

        var errors = Checker.CheckWhatsApp(draft, Fields(Channel.WhatsApp)).Errors;

        Assert.Equal(["WhatsApp.TemplateName", "WhatsApp.Language", "WhatsApp.Variables[1]", "WhatsApp.Variables[2]"], errors.Select(e => e.Path));
        Assert.Equal("Parameter {{2}} is empty; WhatsApp rejects a template with an empty parameter.", errors[2].Message);
    }

    [Fact]
    public void CheckWhatsApp_FreeTextOnly_WarnsAbout24HourWindow()
    {
        var problem = Assert.Single(Checker.CheckWhatsApp(new WhatsAppContentDraft(null, null, [], "Hi {{ contact.first_name }}"), Fields(Channel.WhatsApp)).Problems);

        Assert.Equal(("WhatsApp.FreeText", ContentSeverity.Warning), (problem.Path, problem.Severity));
        Assert.Contains("24 hours", problem.Message);
    }

    [Fact]
    public void CheckPush_GoodDraft_NoProblems()
    {
        var draft = new PushContentDraft(
            "Hi {{ contact.first_name }}",
            "Your offer is waiting",
            "https://cdn.example.com/offer.png",
            "acme://offers/{{ contact.external_id }}",
            new Dictionary<string, string> { ["offer_id"] = "42", ["tier"] = "{{ contact.fields.dealer_tier }}" });

        Assert.Empty(Checker.CheckPush(draft, Fields(Channel.Push)).Problems);
    }

    [Theory]
    [InlineData("http://cdn.example.com/a.png")]
    [InlineData("/media/a.png")]
    [InlineData("not a url")]
    public void CheckPush_ImageNotHttps_Error(string imageUrl)
    {
        var problem = Assert.Single(Checker.CheckPush(new PushContentDraft("T", "B", imageUrl, null, null), Fields(Channel.Push)).Problems);

        Assert.Equal("Push.ImageUrl", problem.Path);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("offers/42")]
    [InlineData("https://")]
    public void CheckPush_InvalidDeepLink_Error(string deepLink)
    {
        var problem = Assert.Single(Checker.CheckPush(new PushContentDraft("T", "B", null, deepLink, null), Fields(Channel.Push)).Problems);

        Assert.Equal(("Push.DeepLink", ContentSeverity.Error), (problem.Path, problem.Severity));
    }

    [Fact]
    public void CheckPush_ReservedDataKeyAndBadLiquid_ErrorsNamedByKey()
    {
        var draft = new PushContentDraft("T", null, null, null, new Dictionary<string, string> { ["google.x"] = "1", ["from"] = "2", ["ok"] = "{{ unsubscribe_url }}" });

        var errors = Checker.CheckPush(draft, Fields(Channel.Push)).Errors;

        Assert.Equal(["Push.Data[google.x]", "Push.Data[from]", "Push.Data[ok]"], errors.Select(e => e.Path));
    }

    [Fact]
    public void CheckPush_NoTitleOrBody_Error()
    {
        Assert.Equal("Push.Title", Assert.Single(Checker.CheckPush(new PushContentDraft(null, " ", null, null, null), Fields(Channel.Push)).Errors).Path);
    }

    [Fact]
    public void CheckPush_LongTitle_Warning()
    {
        var problem = Assert.Single(Checker.CheckPush(new PushContentDraft(new string('t', 70), "B", null, null, null), Fields(Channel.Push)).Problems);

        Assert.Equal(("Push.Title", ContentSeverity.Warning), (problem.Path, problem.Severity));
    }

    [Fact]
    public void Combine_SeveralChannels_KeepsEveryProblem()
    {
        var result = Checker.CheckEmail(GoodEmail() with { Subject = "" }, Fields(Channel.Email))
            .Combine(Checker.CheckSms(new SmsContentDraft(""), Fields(Channel.Sms)));

        Assert.Equal(["Email.Subject", "Sms.Text"], result.Errors.Select(e => e.Path));
    }
}
