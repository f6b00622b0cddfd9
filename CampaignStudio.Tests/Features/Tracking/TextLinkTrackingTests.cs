using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>Short tracked links in SMS and WhatsApp texts, and their codes, without a database.</summary>
public sealed class TextLinkTrackingTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly LinkTracking Tracking = new("https://t.example", new TrackingSigner(Key));
    private static readonly TrackedDelivery Message = new(123_456, 42, Channel.Sms);

    private static string Render(string template, params (string Liquid, string Value)[] values) =>
        values.Aggregate(template, (text, v) => text.Replace(v.Liquid, v.Value, StringComparison.Ordinal));

    [Fact]
    public void Prepare_TextWithLinks_RewritesEachToAShortLink_PunctuationAndOtherTextStay()
    {
        var prepared = TextLinkTracking.Prepare("Sale ends Sunday: https://shop.example/sale?x=1&y=2. Stores (https://shop.example/stores) or mailto:help@acme.example, www.acme.example", Channel.Sms, 3);

        Assert.Equal(
            [new TrackedLink(3, "https://shop.example/sale?x=1&y=2", false) { Channel = Channel.Sms }, new TrackedLink(4, "https://shop.example/stores", false) { Channel = Channel.Sms }],
            prepared.Links);
        var sent = TextLinkTracking.Apply(prepared.Text, prepared, Message, Tracking, []);

        var first = Tracking.Signer.SignShort(Message with { LinkIndex = 3 });
        var second = Tracking.Signer.SignShort(Message with { LinkIndex = 4 });
        Assert.Equal($"Sale ends Sunday: https://t.example/s/{first}. Stores (https://t.example/s/{second}) or mailto:help@acme.example, www.acme.example", sent);
        Assert.InRange(first.Length, ShortLinkCodes.MinLength, 18);
    }

    [Fact]
    public void Prepare_TextWithoutLinks_IsLeftAsWritten()
    {
        const string text = "Hi {{ contact.first_name }}, festive prices until Sunday. Reply STOP to opt out.";

        var prepared = TextLinkTracking.Prepare(text, Channel.Sms, 0);

        Assert.Empty(prepared.Links);
        Assert.Equal(text, prepared.Text);
        Assert.Equal(text, TextLinkTracking.Apply(text, prepared, Message, Tracking, []));
    }

    [Fact]
    public void Prepare_UnsubscribeLinksAndOptOutWording_AreLeftAlone()
    {
        const string text = "Offers: https://shop.example/x Reply STOP to unsubscribe or visit {{ unsubscribe_url }} or https://acme.example/u?to={{ unsubscribe_url }}";

        var prepared = TextLinkTracking.Prepare(text, Channel.Sms, 0);
        var sent = TextLinkTracking.Apply(Render(prepared.Text, ("{{ unsubscribe_url }}", "https://campaigns.example/u/abc")), prepared, Message, Tracking, []);

        Assert.Equal(["https://shop.example/x"], prepared.Links.Select(l => l.Url));
        Assert.EndsWith("Reply STOP to unsubscribe or visit https://campaigns.example/u/abc or https://acme.example/u?to=https://campaigns.example/u/abc", sent);
        Assert.StartsWith("Offers: https://t.example/s/", sent);
    }

    [Fact]
    public void LiquidLinks_AreTrackedWithTheirRenderedTarget_StoredPerMessage()
    {
        var prepared = TextLinkTracking.Prepare("Your offer: https://shop.example/o/{{ contact.external_id }}?n={{ contact.first_name | url_encode }} and {{ contact.fields.site }}", Channel.WhatsApp, 0);
        var rendered = Render(prepared.Text, ("{{ contact.external_id }}", "CRM-7"), ("{{ contact.first_name | url_encode }}", "Asha"), ("{{ contact.fields.site }}", "https://asha.example"));
        var targets = new List<DeliveryLinkTarget>();

        var sent = TextLinkTracking.Apply(rendered, prepared, Message, Tracking, targets);
        var plain = TextLinkTracking.Apply(rendered, prepared, Message, null, null);

        var link = Assert.Single(prepared.Links);
        Assert.Equal((0, "https://shop.example/o/{{ contact.external_id }}?n={{ contact.first_name | url_encode }}", true, Channel.WhatsApp), (link.Index, link.Url, link.IsPersonalized, link.Channel));
        Assert.Equal($"Your offer: https://t.example/s/{Tracking.Signer.SignShort(Message with { LinkIndex = 0 })} and https://asha.example", sent);
        var target = Assert.Single(targets);
        Assert.Equal((123_456L, 0, "https://shop.example/o/CRM-7?n=Asha"), (target.DeliveryId, target.LinkIndex, target.Url));
        Assert.Equal("Your offer: https://shop.example/o/CRM-7?n=Asha and https://asha.example", plain);
    }

    [Fact]
    public void LiquidLink_ThatDoesNotRenderToHttp_GoesOutAsRendered_Untracked()
    {
        var prepared = TextLinkTracking.Prepare("Open https://{{ contact.fields.host }}", Channel.Sms, 0);
        var targets = new List<DeliveryLinkTarget>();

        var sent = TextLinkTracking.Apply(Render(prepared.Text, ("{{ contact.fields.host }}", "")), prepared, Message, Tracking, targets);

        Assert.Equal("Open https://", sent);
        Assert.Empty(targets);
    }

    [Fact]
    public void Markers_InContactData_WithoutThePlansNonce_AreNotTakenForLinks()
    {
        var prepared = TextLinkTracking.Prepare("Hi {{ name }}: https://shop.example/a", Channel.Sms, 0);
        var forged = "\uE0100\uE012https://evil.example\uE013";
        var targets = new List<DeliveryLinkTarget>();

        var sent = TextLinkTracking.Apply(Render(prepared.Text, ("{{ name }}", forged)), prepared, Message, Tracking, targets);

        Assert.Empty(targets);
        Assert.StartsWith("Hi " + forged + ": https://t.example/s/", sent);
    }

    [Fact]
    public void WithTypicalShortLinks_CountsTheTextAsItGoesOut()
    {
        var longLink = "Diwali sale: https://shop.acme.example/collections/diwali-2026/lights-and-lamps?utm_source=sms&utm_campaign=diwali";

        var counted = TextLinkTracking.WithTypicalShortLinks(longLink, "https://go.acme.example/");

        Assert.Equal("Diwali sale: https://go.acme.example/s/" + new string('x', 18), counted);
        Assert.Equal(1, SmsSegmentCounter.Count(counted).Segments);
        Assert.Equal("Reply STOP to opt out", TextLinkTracking.WithTypicalShortLinks("Reply STOP to opt out", "https://go.acme.example"));
        var realistic = Tracking.Signer.SignShort(new TrackedDelivery(200_000_000, 20_000, Channel.Sms, 40));
        Assert.True(realistic.Length <= TextLinkTracking.TypicalPathLength - 3, $"A realistic code ({realistic.Length} characters) is longer than the counter assumes.");
    }

    [Fact]
    public void ShortCodes_RoundTrip_AndAnyChangedCharacterNamesNothing()
    {
        var code = ShortLinkCodes.Sign(Key, 9_876_543_210, 5);

        Assert.Equal(new ShortLinkTarget(9_876_543_210, 5), ShortLinkCodes.Verify(Key, code));
        for (var i = 0; i < code.Length; i++)
        {
            var chars = code.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Null(ShortLinkCodes.Verify(Key, new string(chars)));
        }

        Assert.Null(ShortLinkCodes.Verify(Key, code[..^1]));
        Assert.Null(ShortLinkCodes.Verify(Key, code + "A"));
        Assert.Null(ShortLinkCodes.Verify(new byte[32], code));
        Assert.Null(ShortLinkCodes.Verify(Key, "not+a/valid=code!!"));
    }
}
