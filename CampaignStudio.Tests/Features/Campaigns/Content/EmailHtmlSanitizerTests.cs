using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class EmailHtmlSanitizerTests
{
    [Fact]
    public void Sanitize_Script_Removed()
    {
        Assert.Equal("<p>Hi</p>", EmailHtmlSanitizer.Sanitize("<p>Hi</p><script>alert(1)</script>"));
    }

    [Fact]
    public void Sanitize_EventHandlers_Removed()
    {
        Assert.Equal(
            "<img src=\"https://cdn.example.com/a.png\" alt=\"A\"><p>x</p>",
            EmailHtmlSanitizer.Sanitize("<img src=\"https://cdn.example.com/a.png\" onerror=\"alert(1)\" alt=\"A\"><p onclick=\"steal()\" onmouseover='x()'>x</p>"));
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\" javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"java&#x09;script:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>")]
    [InlineData("<a href=\"vbscript:msgbox\">x</a>")]
    public void Sanitize_ScriptUrls_Removed(string html)
    {
        Assert.Equal("<a>x</a>", EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_IframesFormsAndObjects_Removed()
    {
        var output = EmailHtmlSanitizer.Sanitize(
            "<p>a</p><iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input name=\"pw\"><button>Go</button></form><object data=\"x.swf\"></object><embed src=\"x\"><p>b</p>");

        Assert.Equal("<p>a</p><p>b</p>", output);
    }

    [Fact]
    public void Sanitize_LiquidPlaceholdersInHref_KeptExactly()
    {
        const string html = "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> | <a href=\"{{preferences_url}}\">Preferences</a> | "
            + "<a href=\"https://shop.example.com/offer?id={{ contact.external_id | url_encode }}&amp;src=email\">Offer</a>";

        Assert.Equal(html, EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_LiquidWithQuotesAndOperatorsInText_KeptExactly()
    {
        const string html = "<p>{% if contact.fields.points > 100 and contact.city != \"Pune\" %}Hi {{ contact.first_name | default: \"friend\" }} &amp; co{% endif %}</p>";

        Assert.Equal(html, EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_LiquidInAttributeWithQuotes_KeptExactly()
    {
        const string html = "<img src=\"https://cdn.example.com/{{ contact.fields.tier | default: 'basic' }}.png\" alt=\"{{ contact.first_name | default: 'You' }}\">";

        Assert.Equal(html, EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_LoopBetweenTableRows_StaysInsideTable()
    {
        const string html = "<table><tbody>{% for tag in contact.tags %}<tr><td>{{ tag }}</td></tr>{% endfor %}</tbody></table>";

        Assert.Equal(html, EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_LayoutTablesAndInlineStyles_Kept()
    {
        const string html = "<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" align=\"center\" role=\"presentation\" class=\"wrapper\">"
            + "<tbody><tr><td align=\"center\" valign=\"top\" style=\"color: #ff0000; padding: 10px; font-family: Arial, sans-serif\">X</td></tr></tbody></table>";

        Assert.Equal(html, EmailHtmlSanitizer.Sanitize(html));
    }

    [Fact]
    public void Sanitize_ImageSources_OnlyHttpCidAndMedia()
    {
        var output = EmailHtmlSanitizer.Sanitize(
            "<img src=\"https://cdn.example.com/a.png\"><img src=\"cid:logo\"><img src=\"/media/banner.png\"><img src=\"data:image/png;base64,AAAA\"><img src=\"../secret.png\"><img src=\"file:///etc/passwd\">");

        Assert.Equal("<img src=\"https://cdn.example.com/a.png\"><img src=\"cid:logo\"><img src=\"/media/banner.png\"><img><img><img>", output);
    }

    [Fact]
    public void Sanitize_LinkTargets_HttpMailtoTelAndAnchorsOnly()
    {
        var output = EmailHtmlSanitizer.Sanitize(
            "<a href=\"https://example.com\">a</a><a href=\"mailto:help@example.com\">b</a><a href=\"tel:+919820012345\">c</a><a href=\"#top\">d</a><a href=\"cid:x\">e</a><a href=\"/relative\">f</a>");

        Assert.Equal(
            "<a href=\"https://example.com\">a</a><a href=\"mailto:help@example.com\">b</a><a href=\"tel:+919820012345\">c</a><a href=\"#top\">d</a><a>e</a><a>f</a>",
            output);
    }

    [Fact]
    public void Sanitize_FullDocument_KeepsHeadStyleAndMediaQuery()
    {
        const string html = "<!DOCTYPE html><html><head><title>Offer</title><style>td { color: #333333 } @media (max-width: 600px) { td { display: block } }</style></head>"
            + "<body style=\"margin: 0\"><p>Hello {{ contact.first_name }}</p><script>x()</script></body></html>";

        var output = EmailHtmlSanitizer.Sanitize(html);

        Assert.StartsWith("<!DOCTYPE html><html><head><title>Offer</title><style>", output);
        Assert.Contains("color: #333333", output);
        Assert.Contains("@media (max-width: 600px)", output);
        Assert.Contains("<body style=\"margin: 0\"><p>Hello {{ contact.first_name }}</p></body></html>", output);
        Assert.DoesNotContain("script", output);
    }

    [Fact]
    public void Sanitize_MetaCharsetAndViewport_KeptRefreshRemoved()
    {
        const string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + "<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example\"></head><body><p>x</p></body></html>";

        var result = EmailHtmlSanitizer.SanitizeWithReport(html);

        Assert.Equal("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"></head><body><p>x</p></body></html>", result.Html);
        Assert.Equal(["<meta http-equiv=\"refresh\">"], result.Removed);
    }

    [Fact]
    public void Sanitize_CssShorthandsAndColours_WrittenForEmailClients()
    {
        var output = EmailHtmlSanitizer.Sanitize("<div style=\"font: 14px/1.4 Arial; background-color: rgb(255,255,255)\"><font face=\"Arial\" color=\"#333\">x</font></div>");

        Assert.Equal("<div style=\"font-family: Arial; font-size: 14px; line-height: 1.4; background-color: #ffffff\"><font face=\"Arial\" color=\"#333\">x</font></div>", output);
    }

    [Fact]
    public void Sanitize_StyleWithScriptUrl_PropertyRemoved()
    {
        var output = EmailHtmlSanitizer.Sanitize("<div style=\"background-image: url(javascript:alert(1)); color: #000000\">x</div>");

        Assert.Equal("<div style=\"color: #000000\">x</div>", output);
    }

    [Fact]
    public void SanitizeWithReport_ListsWhatWasRemoved()
    {
        var result = EmailHtmlSanitizer.SanitizeWithReport("<p onclick=\"x()\">a</p><script>x()</script><a href=\"javascript:y()\">b</a>");

        Assert.True(result.RemovedAnything);
        Assert.Equal(["<script>", "href=\"javascript:y()\"", "onclick attribute"], result.Removed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SanitizeWithReport_CleanHtml_NothingRemoved()
    {
        var result = EmailHtmlSanitizer.SanitizeWithReport("<p>Hello <a href=\"{{ unsubscribe_url }}\">unsubscribe</a></p>");

        Assert.False(result.RemovedAnything);
    }
}
