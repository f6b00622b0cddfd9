using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using MimeKit;
using MimeKit.Cryptography;
using static CampaignStudio.Tests.Features.Delivery.Channels.Email.EmailChannelWorld;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>What a recipient's server receives: the headers and parts of each message, read back from a real SMTP server.</summary>
public sealed class EmailChannelMessageTests : IAsyncLifetime
{
    private SmtpTestServer smtp = null!;

    public async Task InitializeAsync() => smtp = await SmtpTestServer.StartAsync();

    public async Task DisposeAsync() => await smtp.DisposeAsync();

    [Fact]
    public async Task Send_TextAndHtml_ArrivesAsMultipartAlternativeWithItsAddresses()
    {
        var email = NewEmail(41) with { ReplyTo = "Sales Desk <sales@acme.example>" };

        var (result, received) = await SendOneAsync(email);

        Assert.Equal(SendOutcome.Accepted, result.Outcome);
        Assert.Equal(From, received.MailFrom);
        Assert.Equal(["asha@example.test"], received.Recipients);
        var message = received.Parse();
        Assert.Equal("\"Acme Offers\" <offers@acme.example>", message.From.ToString());
        Assert.Equal("\"Asha Patil\" <asha@example.test>", message.To.ToString());
        Assert.Equal("\"Sales Desk\" <sales@acme.example>", message.ReplyTo.ToString());
        Assert.Equal("Festive prices, message 41", message.Subject);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - message.Date).TotalMinutes) < 5);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Hello Asha, message 41.", message.TextBody?.Trim());
        Assert.Equal("<p>Hello <b>Asha</b>, message 41.</p>", message.HtmlBody?.Trim());
    }

    [Fact]
    public async Task Send_HtmlOnlyWithoutRecipientName_ArrivesAsOneHtmlPartToTheBareAddress()
    {
        var (_, received) = await SendOneAsync(NewEmail(42) with { Text = null, RecipientName = null, Html = "<p>Ünïcode ✓</p>" });

        var message = received.Parse();
        var html = Assert.IsType<TextPart>(message.Body);
        Assert.Equal(("text/html", "<p>Ünïcode ✓</p>"), (html.ContentType.MimeType, html.Text.Trim()));
        Assert.Equal("asha@example.test", message.To.ToString());
        Assert.Empty(message.ReplyTo);
    }

    [Fact]
    public async Task Send_HttpsAndMailtoUnsubscribe_ListsBothWithOneClick()
    {
        var (_, received) = await SendOneAsync(NewEmail(43) with { UnsubscribeMailto = "unsubscribe@acme.example?subject=d43" });

        var headers = received.Parse().Headers;
        Assert.Equal("<https://crm.acme.example/u/43?t=abc>, <mailto:unsubscribe@acme.example?subject=d43>", Unfolded(headers[EmailComposer.ListUnsubscribe]));
        Assert.Equal("List-Unsubscribe=One-Click", headers[EmailComposer.ListUnsubscribePost]);
    }

    [Theory]
    [InlineData(null, "mailto:unsubscribe@acme.example", "<mailto:unsubscribe@acme.example>")]
    [InlineData("http://crm.acme.example/u/44", null, "<http://crm.acme.example/u/44>")]
    public async Task Send_WithoutHttpsUnsubscribe_HasNoOneClick(string? url, string? mailto, string expected)
    {
        var (_, received) = await SendOneAsync(NewEmail(44) with { UnsubscribeUrl = url, UnsubscribeMailto = mailto });

        var headers = received.Parse().Headers;
        Assert.Equal(expected, headers[EmailComposer.ListUnsubscribe]);
        Assert.False(headers.Contains(EmailComposer.ListUnsubscribePost));
    }

    [Fact]
    public async Task Send_TestSendWithoutUnsubscribeAddresses_HasNoListHeaders()
    {
        var (_, received) = await SendOneAsync(NewEmail(0) with { UnsubscribeUrl = null });

        var headers = received.Parse().Headers;
        Assert.False(headers.Contains(EmailComposer.ListUnsubscribe));
        Assert.False(headers.Contains(EmailComposer.ListUnsubscribePost));
    }

    [Fact]
    public async Task Send_Accepted_ProviderIdIsTheMessageIdWhichLeadsBackToTheDelivery()
    {
        var (result, received) = await SendOneAsync(NewEmail(9_000_000_001, campaignId: 77));

        var messageId = received.Parse().MessageId;
        Assert.Equal(messageId, result.ProviderMessageId);
        Assert.StartsWith("d9000000001.c77.", messageId);
        Assert.EndsWith("@acme.example", messageId);
        Assert.True(CampaignMessageId.TryParse($"<{messageId}>", out var deliveryId, out var campaignId));
        Assert.Equal((9_000_000_001L, 77), (deliveryId, campaignId));
    }

    [Fact]
    public async Task Send_WithDkim_SignatureVerifiesWithThePublishedKey()
    {
        var (privateKey, dnsRecord) = DkimKey();
        var options = smtp.ChannelOptions(poolSize: 1);
        options.Dkim = new SmtpDkimOptions { Domain = "acme.example", Selector = "cs2026", PrivateKeyPem = privateKey };
        var locator = new StaticDkimKeyLocator("acme.example", "cs2026", dnsRecord);

        var (result, received) = await SendOneAsync(NewEmail(45) with { UnsubscribeMailto = "mailto:u@acme.example", ReplyTo = "sales@acme.example" }, options);

        Assert.Equal(SendOutcome.Accepted, result.Outcome);
        var message = received.Parse();
        var signature = message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)];
        var tags = signature.Value.Split(';').Select(t => t.Trim().Split('=', 2)).Where(t => t.Length == 2).ToDictionary(t => t[0], t => string.Concat(t[1].Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal(("acme.example", "cs2026", "relaxed/relaxed", "rsa-sha256"), (tags["d"], tags["s"], tags["c"], tags["a"]));
        Assert.Equal(
            ["from", "to", "reply-to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post", "mime-version", "content-type"],
            tags["h"].ToLowerInvariant().Split(':'));
        Assert.True(await new DkimVerifier(locator).VerifyAsync(message, signature));
        Assert.Equal(["cs2026._domainkey.acme.example"], locator.Lookups);

        message.Subject = "Changed on the way";
        Assert.False(await new DkimVerifier(locator).VerifyAsync(message, signature));
    }

    [Fact]
    public async Task Send_ManyWithDkimAtOnce_EverySignatureVerifies()
    {
        var (privateKey, dnsRecord) = DkimKey();
        var options = smtp.ChannelOptions(poolSize: 4);
        options.Dkim = new SmtpDkimOptions { Domain = "acme.example", Selector = "cs2026", PrivateKeyPem = privateKey };
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;
        var verifier = new DkimVerifier(new StaticDkimKeyLocator("acme.example", "cs2026", dnsRecord));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(b => channel.SendAsync(NewEmails(20, firstId: 1 + (b * 20)), CancellationToken.None)));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(SendOutcome.Accepted, r.Outcome));
        foreach (var received in await smtp.WaitForMessagesAsync(60))
        {
            var message = received.Parse();
            Assert.True(await verifier.VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]), message.MessageId);
        }
    }

    [Theory]
    [InlineData("not-an-address", SendOutcome.InvalidRecipient, "'not-an-address' is not a valid email address.")]
    [InlineData("asha@", SendOutcome.InvalidRecipient, "'asha@' is not a valid email address.")]
    public async Task Send_UnusableRecipient_IsRefusedWithoutBotheringTheServer(string recipient, SendOutcome outcome, string error)
    {
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync([NewEmail(46, recipient), NewEmail(47)], CancellationToken.None);

        Assert.Equal((46L, outcome, error), (results[0].DeliveryId, results[0].Outcome, results[0].Error));
        Assert.Equal(SendOutcome.Accepted, results[1].Outcome);
        Assert.Equal(["asha@example.test"], (await smtp.WaitForMessagesAsync(1)).SelectMany(m => m.Recipients));
    }

    [Fact]
    public async Task Send_NotAnEmailOrNoBody_IsPermanentForThatMessageOnly()
    {
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;
        var sms = new SmsMessage(48, 7, "+919820012345", "Hi");

        var results = await channel.SendAsync([sms, NewEmail(49) with { Html = null, Text = null }, NewEmail(50)], CancellationToken.None);

        Assert.Equal(
            [(48L, SendOutcome.Permanent, "The SMTP channel sends email only, not Sms."), (49L, SendOutcome.Permanent, "The message has neither an HTML nor a text body."), (50L, SendOutcome.Accepted, null)],
            results.Select(r => (r.DeliveryId, r.Outcome, r.Error)));
        Assert.Equal(Channel.Email, channel.Channel);
    }

    private async Task<(SendResult Result, SmtpTestMessage Received)> SendOneAsync(EmailMessage email, SmtpOptions? options = null)
    {
        var channel = NewChannel(options ?? smtp.ChannelOptions(poolSize: 1), out var pool);
        await using var _ = pool;
        var result = Assert.Single(await channel.SendAsync([email], CancellationToken.None));
        Assert.True(result.Outcome == SendOutcome.Accepted, result.Error);
        return (result, Assert.Single(await smtp.WaitForMessagesAsync(1)));
    }

    private static string? Unfolded(string? header) => header?.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
