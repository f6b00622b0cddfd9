using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>Link rewriting, tokens and CSV cells, without a database.</summary>
public sealed class EmailLinkTrackingTests
{
    private static readonly LinkTracking Tracking = new("https://t.example", new TrackingSigner(new byte[32]));

    [Fact]
    public void Prepare_TracksHttpLinksOnly_NotMailtoTelAnchorsOrUnsubscribe()
    {
        var (html, links) = EmailLinkTracking.Prepare(
            "<a href=\"https://shop.example/a?x=1&amp;y=2\">A</a><a href=\"mailto:x@y.example\">M</a><a href=\"tel:+91\">T</a><a href=\"#top\">#</a>" +
            "<a href=\"{{ unsubscribe_url }}\">U</a><a href='http://shop.example/p/{{ contact.first_name }}'>P</a><img src=\"https://img.example/i.png\">");

        Assert.Equal([new TrackedLink(0, "https://shop.example/a?x=1&y=2", false), new TrackedLink(1, "http://shop.example/p/{{ contact.first_name }}", true)], links);
        Assert.Contains("mailto:x@y.example", html);
        Assert.Contains("{{ unsubscribe_url }}", html);
        Assert.Contains("src=\"https://img.example/i.png\"", html);
        Assert.DoesNotContain("https://shop.example/a", html);
    }

    [Fact]
    public void Apply_ReplacesMarkersWithSignedLinks_AndWithoutTrackingRestoresTheTargets()
    {
        var (html, links) = EmailLinkTracking.Prepare("<p><a href=\"https://shop.example/a?x=1&amp;y=2\">A</a> <a href=\"https://shop.example/p/{{ n }}\">P</a></p>");
        var rendered = html.Replace("{{ n }}", "Asha&amp;Co", StringComparison.Ordinal);
        var message = new TrackedDelivery(42, 7, Channel.Email);

        var tracked = EmailLinkTracking.Apply(rendered, links, message, Tracking);
        var plain = EmailLinkTracking.Apply(rendered, links, message, null);

        Assert.Equal("<p><a href=\"https://shop.example/a?x=1&amp;y=2\">A</a> <a href=\"https://shop.example/p/Asha&amp;Co\">P</a></p>", plain);
        Assert.Contains($"href=\"https://t.example/c/{Tracking.Signer.Sign(message with { LinkIndex = 0 }, TrackingPurpose.Click)}\"", tracked);
        Assert.Contains("?u=https%3A%2F%2Fshop.example%2Fp%2FAsha%26Co", tracked);
        Assert.DoesNotContain('\uE000', tracked);
    }

    [Fact]
    public void AddOpenPixel_GoesBeforeTheEndOfTheBody()
    {
        var html = EmailLinkTracking.AddOpenPixel("<html><body><p>Hi</p></body></html>", new TrackedDelivery(1, 2, Channel.Email), Tracking);

        Assert.Matches("<p>Hi</p><img src=\"https://t.example/o/[A-Za-z0-9_-]{36}\\.gif\" width=\"1\" height=\"1\"[^>]*></body>", html);
    }

    [Theory]
    [InlineData("<html><body style=\"margin:0\"><p>Hi</p></body></html>")]
    [InlineData("<p>Hi</p>")]
    [InlineData("<html><BODY><p>Hi</p></BODY></html>")]
    public void MarkSlots_PutsThePreheaderAndPixelWhereInsertingThemAfterwardsWould(string template)
    {
        var message = new TrackedDelivery(5, 2, Channel.Email);
        const string Hidden = "<div style=\"display:none\">Offer inside</div>";
        var expected = EmailLinkTracking.AddOpenPixel(InsertAfterBody(template, Hidden), message, Tracking);

        var marked = EmailLinkTracking.MarkSlots(template, out var preheaderSlot, out var pixelSlot);

        Assert.True(preheaderSlot);
        Assert.True(pixelSlot);
        Assert.Equal(expected, EmailLinkTracking.Apply(marked, [], message, Tracking, Hidden));
        Assert.Equal(template, EmailLinkTracking.Apply(marked, [], message, null));
    }

    [Fact]
    public void MarkSlots_LeavesOutAPlaceThatLiquidTagsMayRemove()
    {
        var marked = EmailLinkTracking.MarkSlots("{% if x %}<html><body>{% endif %}<p>Hi</p>{% if y %}</body></html>{% endif %}", out var preheaderSlot, out var pixelSlot);

        Assert.False(preheaderSlot);
        Assert.False(pixelSlot);
        Assert.DoesNotContain('\uE004', marked);
        Assert.DoesNotContain('\uE005', marked);
    }

    private static string InsertAfterBody(string html, string hidden)
    {
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        return body < 0 ? hidden + html : html.Insert(html.IndexOf('>', body) + 1, hidden);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("Asha", "Asha")]
    [InlineData("a,b", "\"a,b\"")]
    public void CsvCell_FormulaStarts_ArePrefixedWithAnApostrophe(string value, string expected) => Assert.Equal(expected, CsvCells.Safe(value));
}
