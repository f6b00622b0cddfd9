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
}
