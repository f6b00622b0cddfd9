using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Delivery.Engine;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>Sanitising an email template once per campaign keeps every message as safe as sanitising each one.</summary>
public sealed class EmailTemplatePreparerTests
{
    private readonly LiquidRenderer liquid = new();

    [Fact]
    public void Prepare_LiquidOnlyInText_NeedsNoPerMessageCheck_AndContactDataCannotAddMarkup()
    {
        var prepared = EmailTemplatePreparer.Prepare("<p onclick=\"steal()\">Hi {{ contact.first_name }}</p><script>alert(1)</script>");

        Assert.Equal(EmailSafetyCheck.None, prepared.Check);
        Assert.DoesNotContain("script", prepared.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", prepared.Html, StringComparison.OrdinalIgnoreCase);
        var html = EmailTemplatePreparer.Secure(liquid.Render(prepared.Html, Model("<img src=x onerror=alert(1)>"), LiquidOutputMode.Html), prepared.Check);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_LiquidInAUrl_ChecksEachMessagesUrls_AndSanitisesOnlyAnUnsafeOne()
    {
        var prepared = EmailTemplatePreparer.Prepare("<p><a href=\"{{ contact.fields.site }}\">Your page</a> <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>");

        Assert.Equal(EmailSafetyCheck.Urls, prepared.Check);
        var safe = liquid.Render(prepared.Html, Model("Asha", "https://asha.example/offers"), LiquidOutputMode.Html);
        Assert.Same(safe, EmailTemplatePreparer.Secure(safe, prepared.Check));
        var hostile = liquid.Render(prepared.Html, Model("Asha", "javascript:alert(1)"), LiquidOutputMode.Html);
        Assert.True(EmailTemplatePreparer.HasUnsafeUrl(hostile));
        Assert.DoesNotContain("javascript:", EmailTemplatePreparer.Secure(hostile, prepared.Check), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<a href=\"https://shop.example/{{ contact.fields.slug }}\">Shop</a>", EmailSafetyCheck.None)]
    [InlineData("<a href=\"https://shop.example/{{ contact.fields.slug }}/{{ contact.first_name }}\">Shop</a>", EmailSafetyCheck.None)]
    [InlineData("<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> <a href=\"{{preferences_url}}\">Preferences</a>", EmailSafetyCheck.None)]
    [InlineData("<a href=\"{{ contact.fields.site }}\">Site</a>", EmailSafetyCheck.Urls)]
    [InlineData("<a href=\"{{ contact.fields.site }}/offers/{{ contact.first_name }}\">Site</a>", EmailSafetyCheck.Urls)]
    [InlineData("<a href=\"{{ unsubscribe_url | append: contact.fields.rest }}\">Site</a>", EmailSafetyCheck.Urls)]
    [InlineData("<a href=\"https://shop.example/\" title=\"{{ contact.first_name }}\">Shop</a>", EmailSafetyCheck.SanitizeEach)]
    public void Prepare_LiquidInAUrl_IsCheckedPerMessageOnlyWhenItCanChangeTheScheme(string template, EmailSafetyCheck expected) =>
        Assert.Equal(expected, EmailTemplatePreparer.Prepare(template).Check);

    [Fact]
    public void Prepare_GeneratesTheTextPartOnce_WithTheLiquidKept()
    {
        var prepared = EmailTemplatePreparer.Prepare("<h1>Diwali offer</h1><p>Hi {{ contact.first_name }},</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>");

        var text = liquid.Render(prepared.Text, new PersonalizationModel { Contact = new PersonalizationContact { FirstName = "Asha" }, UnsubscribeUrl = "https://x.example/u/abc" }, LiquidOutputMode.Text);

        Assert.Contains("Diwali offer", text, StringComparison.Ordinal);
        Assert.Contains("Hi Asha,", text, StringComparison.Ordinal);
        Assert.Contains("https://x.example/u/abc", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<a href=\"https://a.example\">x</a>", false)]
    [InlineData("<a href=\"mailto:a@b.example\">x</a>", false)]
    [InlineData("<a href=\"/media/1/a.png\">x</a>", false)]
    [InlineData("<a href=\"#top\">x</a>", false)]
    [InlineData("<a href=\"JavaScript:alert(1)\">x</a>", true)]
    [InlineData("<a href=\"java&#115;cript:alert(1)\">x</a>", true)]
    [InlineData("<img src='data:text/html;base64,AAAA'>", true)]
    [InlineData("<a href=vbscript:x>x</a>", true)]
    public void HasUnsafeUrl_TellsSafeSchemesFromUnsafeOnes(string html, bool unsafeUrl) =>
        Assert.Equal(unsafeUrl, EmailTemplatePreparer.HasUnsafeUrl(html));

    private static PersonalizationModel Model(string firstName, string? site = null) => new()
    {
        Contact = new PersonalizationContact
        {
            FirstName = firstName,
            Fields = site is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["site"] = site },
        },
        UnsubscribeUrl = "https://campaigns.acme.example/u/abc",
    };
}
