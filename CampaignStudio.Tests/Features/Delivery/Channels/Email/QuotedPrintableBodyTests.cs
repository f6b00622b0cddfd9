using System.Text;
using CampaignStudio.Features.Delivery.Channels.Email;
using MimeKit;
using MimeKit.Encodings;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

public sealed class QuotedPrintableBodyTests
{
    [Theory]
    [InlineData("Hello Asha", "Hello Asha")]
    [InlineData("a=b", "a=3Db")]
    [InlineData("₹250/unit", "=E2=82=B9250/unit")]
    [InlineData("ok 👍", "ok =F0=9F=91=8D")]
    [InlineData("line one\nline two", "line one\r\nline two")]
    [InlineData("old mac\rwindows\r\nunix\n", "old mac\r\nwindows\r\nunix\r\n")]
    [InlineData("trailing space \nand tab\t", "trailing space=20\r\nand tab=09")]
    [InlineData("bell\u0007", "bell=07")]
    public void Encode_EscapesWhatIsNotPlainAscii(string text, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(QuotedPrintableBody.Encode(text)));
    }

    [Fact]
    public void Encode_LoneSurrogate_BecomesTheReplacementCharacter()
    {
        var text = "lone " + (char)0xD800 + " surrogate";

        Assert.Equal("lone =EF=BF=BD surrogate", Encoding.ASCII.GetString(QuotedPrintableBody.Encode(text)));
    }

    [Fact]
    public void Encode_LongLine_IsBrokenSoftlyWithinSeventySixCharacters()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableBody.Encode(new string('x', 200)));

        Assert.Equal([new string('x', 75) + "=", new string('x', 75) + "=", new string('x', 50)], encoded.Split("\r\n"));
    }

    [Fact]
    public void Encode_EscapesAtTheEndOfALine_AreNeverSplitAcrossLines()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableBody.Encode(new string('x', 70) + "€€"));

        Assert.Equal([new string('x', 70) + "=", "=E2=82=AC=E2=82=AC"], encoded.Split("\r\n"));
    }

    [Fact]
    public void Encode_SpaceEndingAFullLine_MovesItsEscapeToTheNextLine()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableBody.Encode(new string('x', 74) + " \nnext"));

        Assert.Equal([new string('x', 74) + "=", "=20", "next"], encoded.Split("\r\n"));
    }

    [Fact]
    public void Encode_RandomText_DecodesToItsUtf8WithCrlfAndKeepsEveryRule()
    {
        var random = new Random(2045);
        const string Alphabet = "abcXYZ019 =\t\r\n.-<>\"'é€₹👍\u0000~";
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(Alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext())
        {
            pieces.Add(elements.GetTextElement());
        }

        for (var round = 0; round < 500; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 600)).Select(_ => pieces[random.Next(pieces.Count)]));

            var encoded = QuotedPrintableBody.Encode(text);

            var ascii = Encoding.ASCII.GetString(encoded);
            Assert.All(encoded, b => Assert.True(b is (byte)'\r' or (byte)'\n' or (byte)'\t' || (b >= 32 && b < 127), $"byte {b} in: {ascii}"));
            var lines = ascii.Split("\r\n");
            Assert.All(lines, line => Assert.True(line.Length <= QuotedPrintableBody.MaxLineLength, $"{line.Length}: {line}"));
            Assert.All(lines, line => Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), line));
            Assert.DoesNotContain('\r', string.Concat(lines));
            Assert.DoesNotContain('\n', string.Concat(lines));
            var decoder = new QuotedPrintableDecoder();
            var decoded = new byte[decoder.EstimateOutputLength(encoded.Length)];
            var length = decoder.Decode(encoded, 0, encoded.Length, decoded);
            var expected = Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(decoded, 0, length));
        }
    }

    [Fact]
    public void Part_IsAUtf8TextPartThatReadsBackAsTheText()
    {
        const string Html = "<p>Namaste Asha, ₹250/unit — <a href=\"https://crm.acme.example/t/c/abc?x=1\">order</a></p>";

        var part = QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Html, Html);

        Assert.Equal(("text/html", "utf-8", ContentEncoding.QuotedPrintable), (part.ContentType.MimeType, part.ContentType.Charset, part.ContentTransferEncoding));
        Assert.Equal(Html, part.Text);
        var message = new MimeMessage { Body = part };
        message.Prepare(EncodingConstraint.SevenBit);
        Assert.Equal(ContentEncoding.QuotedPrintable, part.ContentTransferEncoding);
        using var written = new MemoryStream();
        message.WriteTo(written);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", Encoding.ASCII.GetString(written.ToArray()), StringComparison.Ordinal);
        written.Position = 0;
        Assert.Equal(Html, MimeMessage.Load(written).HtmlBody?.TrimEnd());
    }

    [Theory]
    [InlineData("ends without a line break ")]
    [InlineData("ends with one\n")]
    [InlineData("ends with a long line: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\t")]
    [InlineData("")]
    public void Part_WithoutALineBreakAtTheEnd_EndsWithASoftOne_AndReadsBackAsTheText(string text)
    {
        var part = QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Plain, text);

        using var content = new MemoryStream();
        part.Content!.WriteTo(content);
        var encoded = Encoding.ASCII.GetString(content.ToArray());
        Assert.True(encoded.Length == 0 || encoded.EndsWith("\r\n", StringComparison.Ordinal), encoded);
        Assert.All(encoded.Split("\r\n"), line => Assert.InRange(line.Length, 0, QuotedPrintableBody.MaxLineLength));
        Assert.Equal(text, part.Text);
    }

    /// <summary>
    /// The part writes its content in one go where MimeKit would filter it: the message must come out byte for byte as
    /// MimeKit writes the same content, as the only part and inside a multipart, with CRLF and with LF line breaks.
    /// </summary>
    [Theory]
    [InlineData(NewLineFormat.Dos, false)]
    [InlineData(NewLineFormat.Dos, true)]
    [InlineData(NewLineFormat.Unix, false)]
    [InlineData(NewLineFormat.Unix, true)]
    public async Task Part_IsWrittenExactlyAsMimeKitWritesTheSameContent(NewLineFormat newLines, bool multipart)
    {
        const string Text = "Hi Asha,\n\nyour order of 250 units at ₹250/unit ships today. \n.leading dot\nno line break at the end";
        const string Html = "<p>Namaste Asha — <a href=\"https://crm.acme.example/t/c/abc?x=1\">order</a></p>\n";
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = newLines;
        options.EnsureNewLine = true;

        foreach (var write in new Func<MimeMessage, Task<byte[]>>[] { m => WriteAsync(m, options, async: false), m => WriteAsync(m, options, async: true) })
        {
            var ours = await write(Message(QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Plain, Text), QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Html, Html), multipart));
            var mimeKits = await write(Message(Plain(QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Plain, Text)), Plain(QuotedPrintableBody.Part(MimeKit.Text.TextFormat.Html, Html)), multipart));

            Assert.Equal(Encoding.ASCII.GetString(mimeKits), Encoding.ASCII.GetString(ours));
        }

        static MimeMessage Message(TextPart text, TextPart html, bool multipart)
        {
            var message = new MimeMessage { MessageId = "m1@acme.example", Date = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), Subject = "Order" };
            message.From.Add(new MailboxAddress("Acme", "news@acme.example"));
            message.To.Add(new MailboxAddress("Asha", "asha@example.test"));
            message.Body = multipart ? new MultipartAlternative { text, html } : text;
            if (message.Body is Multipart body)
            {
                body.Boundary = "=-boundary";
            }

            return message;
        }

        // The same headers and the same encoded content in MimeKit's own text part.
        static TextPart Plain(TextPart part)
        {
            using var content = new MemoryStream();
            part.Content!.WriteTo(content);
            var plain = new TextPart(part.ContentType.MediaSubtype)
            {
                Content = new MimeContent(new MemoryStream(content.ToArray()), ContentEncoding.QuotedPrintable),
                ContentTransferEncoding = ContentEncoding.QuotedPrintable,
            };
            plain.ContentType.Charset = "utf-8";
            return plain;
        }
    }

    private static async Task<byte[]> WriteAsync(MimeMessage message, FormatOptions options, bool async)
    {
        using var output = new MemoryStream();
        if (async)
        {
            await message.WriteToAsync(options, output);
        }
        else
        {
            message.WriteTo(options, output);
        }

        return output.ToArray();
    }
}
