using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class EmailLinkInspectorTests
{
    [Fact]
    public void Inspect_Links_ListedWithTargetAndText()
    {
        var report = EmailLinkInspector.Inspect(
            "<p><a href=\"https://example.com/a?x=1&amp;y=2\">First\n  link</a> <a href=\"{{ view_in_browser_url }}\">View <b>online</b></a> <a name=\"top\"></a></p>");

        Assert.Equal(
            [new EmailLink("https://example.com/a?x=1&y=2", "First link"), new EmailLink("{{ view_in_browser_url }}", "View online"), new EmailLink("", "")],
            report.Links);
        Assert.False(report.HasUnsubscribeLink);
    }

    [Theory]
    [InlineData("<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>")]
    [InlineData("<a href=\"{{unsubscribe_url}}\">Leave</a>")]
    [InlineData("<a href=\"{{- preferences_url -}}\">Manage</a>")]
    [InlineData("<a href=\"https://example.com\">{{ unsubscribe_url }}</a>")]
    [InlineData("<p>To stop these emails visit {{ unsubscribe_url }}</p>")]
    public void Inspect_UnsubscribePlaceholder_Detected(string html)
    {
        Assert.True(EmailLinkInspector.Inspect(html).HasUnsubscribeLink);
    }

    [Theory]
    [InlineData("<a href=\"https://example.com/unsubscribe\">Unsubscribe</a>")]
    [InlineData("<p>unsubscribe_url</p>")]
    [InlineData("<!-- {{ unsubscribe_url }} --><p>Hi</p>")]
    [InlineData("<style>/* {{ unsubscribe_url }} */</style><p>Hi</p>")]
    public void Inspect_NoPlaceholderOrHidden_NotDetected(string html)
    {
        Assert.False(EmailLinkInspector.Inspect(html).HasUnsubscribeLink);
    }

    [Fact]
    public void Inspect_UnsubscribeLink_MarkedOnLink()
    {
        var report = EmailLinkInspector.Inspect("<a href=\"https://example.com\">Shop</a><a href=\"{{ unsubscribe_url }}\">Bye</a>");

        Assert.Equal([false, true], report.Links.Select(l => l.IsUnsubscribe));
    }
}
