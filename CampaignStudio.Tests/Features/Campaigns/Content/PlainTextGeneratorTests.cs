using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class PlainTextGeneratorTests
{
    [Fact]
    public void FromHtml_HeadingsParagraphsAndBreaks_BecomeLines()
    {
        var text = PlainTextGenerator.FromHtml("<h1>Welcome</h1><p>Hello <b>Asha</b>,<br>thanks for\n   your order.</p><div>Regards</div><div>Team</div>");

        Assert.Equal("Welcome\n\nHello Asha,\nthanks for your order.\n\nRegards\nTeam", text);
    }

    [Fact]
    public void FromHtml_Lists_BecomeDashedLines()
    {
        var text = PlainTextGenerator.FromHtml("<p>Includes:</p><ul><li>Free delivery</li><li>10% off</li></ul><ol><li>First</li></ol><p>End</p>");

        Assert.Equal("Includes:\n\n- Free delivery\n- 10% off\n\n- First\n\nEnd", text);
    }

    [Fact]
    public void FromHtml_Links_TextThenUrl()
    {
        var text = PlainTextGenerator.FromHtml(
            "<p>Read <a href=\"https://example.com/post\">the post</a>, mail <a href=\"mailto:help@example.com\">help@example.com</a> or see <a href=\"https://example.com\">https://example.com</a>.</p>");

        Assert.Equal("Read the post (https://example.com/post), mail help@example.com or see https://example.com.", text);
    }

    [Fact]
    public void FromHtml_HeadStyleAndScript_Skipped()
    {
        var text = PlainTextGenerator.FromHtml(
            "<!DOCTYPE html><html><head><title>Subject</title><style>p { color: red }</style></head><body><script>x()</script><p>Only this</p></body></html>");

        Assert.Equal("Only this", text);
    }

    [Fact]
    public void FromHtml_Entities_Decoded()
    {
        Assert.Equal("Fish & Chips © 5 < 6 “quoted”", PlainTextGenerator.FromHtml("<p>Fish &amp; Chips&nbsp;&copy; 5 &lt; 6 &ldquo;quoted&rdquo;</p>"));
    }

    [Fact]
    public void FromHtml_Whitespace_Collapsed()
    {
        Assert.Equal("a b c", PlainTextGenerator.FromHtml("<p>\n   a \t\n  b   <span> c </span>  </p>"));
    }

    [Fact]
    public void FromHtml_PreheaderSpacers_Removed()
    {
        Assert.Equal("Preview\n\nBody", PlainTextGenerator.FromHtml("<div>Preview&zwnj;&nbsp;&zwnj;&nbsp;&#847;</div><p>Body</p>"));
    }

    [Fact]
    public void FromHtml_TableCells_SeparatedRowsOnLines()
    {
        Assert.Equal("Item Price\nCement 350", PlainTextGenerator.FromHtml("<table><tr><td>Item</td><td>Price</td></tr><tr><td>Cement</td><td>350</td></tr></table>"));
    }

    [Fact]
    public void FromHtml_Liquid_KeptAsWritten()
    {
        var text = PlainTextGenerator.FromHtml(
            "<p>Hi {{ contact.first_name | default: \"there\" }},</p>{% if contact.fields.points > 100 %}<p>Gold!</p>{% endif %}<p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>");

        Assert.Equal("Hi {{ contact.first_name | default: \"there\" }},\n\n{% if contact.fields.points > 100 %}\n\nGold!\n\n{% endif %}\n\nUnsubscribe ({{ unsubscribe_url }})", text);
    }

    [Fact]
    public void FromHtml_ImageLinkWithoutText_UsesAltText()
    {
        Assert.Equal("Shop now (https://example.com/shop)", PlainTextGenerator.FromHtml("<a href=\"https://example.com/shop\"><img src=\"x.png\" alt=\"Shop now\"></a>"));
    }
}
