using System.Buffers;
using System.Text;
using MimeKit;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// A text body encoded once, as quoted-printable UTF-8 with CRLF line breaks (RFC 2045 §6.7), straight from the rendered
/// string. Left to MimeKit, a body is first turned into UTF-8, then scanned for the best transfer encoding, then
/// quoted-printable encoded through a chain of stream filters while the message is written: three passes over every
/// ~20 KB email, the largest single item in a CPU profile of a sending app. A part whose content is already in its transfer encoding
/// is written as it is, in one write (the SMTP client only turns leading dots into double ones).
/// </summary>
public static class QuotedPrintableBody
{
    /// <summary>The longest encoded line, not counting its CRLF.</summary>
    public const int MaxLineLength = 76;

    /// <summary>Characters that stand for themselves: printable ASCII except <c>=</c>, and space and tab (not at a line's end).</summary>
    private static readonly SearchValues<char> Literal = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>A text part (<c>text/plain</c> or <c>text/html</c>, UTF-8) holding <paramref name="text"/> quoted-printable encoded.</summary>
    /// <remarks>
    /// Its content always ends with a line break: a soft one (<c>=</c>, which decodes to nothing) when the text ends
    /// without one, so the part can be written as it is wherever MimeKit would otherwise add a line break.
    /// </remarks>
    public static TextPart Part(MimeKit.Text.TextFormat format, string text) => new EncodedTextPart(format, Encode(text, softBreakAtEnd: true));

    /// <summary>
    /// <paramref name="text"/> as UTF-8, quoted-printable: line breaks of any kind become CRLF, lines are broken softly
    /// before 76 characters (never inside a character's escapes), and a space or tab before a line break is escaped.
    /// </summary>
    /// <param name="softBreakAtEnd">End with a soft line break when the text does not end with a line break.</param>
    public static byte[] Encode(ReadOnlySpan<char> text, bool softBreakAtEnd = false)
    {
        // At worst every UTF-8 byte is escaped as 3 characters (a line feed becomes CRLF, a space before it "=20"), and a
        // soft break "=\r\n" ends a line only once it holds 64 characters or more.
        var escaped = Encoding.UTF8.GetByteCount(text) * 3;
        var bound = escaped + (((escaped / 64) + 2) * 3);
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            var length = Encode(text, buffer, softBreakAtEnd);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Encode(ReadOnlySpan<char> text, Span<byte> output, bool softBreakAtEnd)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var o = 0;
        var column = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (Literal.Contains(c))
            {
                var run = text[i..].IndexOfAnyExcept(Literal);
                if (run < 0)
                {
                    run = text.Length - i;
                }

                while (run > 0)
                {
                    // One place on every line is kept for the "=" of a soft break.
                    var room = MaxLineLength - 1 - column;
                    if (room <= 0)
                    {
                        SoftBreak(output, ref o, ref column);
                        continue;
                    }

                    var take = Math.Min(run, room);
                    System.Text.Ascii.FromUtf16(text.Slice(i, take), output[o..], out _);
                    o += take;
                    column += take;
                    i += take;
                    run -= take;
                }

                continue;
            }

            if (c is '\r' or '\n')
            {
                EscapeTrailingWhitespace(output, ref o, ref column);
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                output[o++] = (byte)'\r';
                output[o++] = (byte)'\n';
                column = 0;
                continue;
            }

            int count;
            if (c < 0x80)
            {
                utf8[0] = (byte)c;
                count = 1;
                i++;
            }
            else
            {
                // A surrogate pair is one character of four bytes; a lone surrogate becomes U+FFFD.
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                count = Encoding.UTF8.GetBytes(text.Slice(i, length), utf8);
                i += length;
            }

            if (column + (3 * count) > MaxLineLength - 1)
            {
                SoftBreak(output, ref o, ref column);
            }

            for (var b = 0; b < count; b++)
            {
                Escape(output, ref o, utf8[b]);
            }

            column += 3 * count;
        }

        if (softBreakAtEnd && column > 0)
        {
            // A space or tab before the soft break's "=" does not end the line; every line keeps a place for the "=".
            SoftBreak(output, ref o, ref column);
        }
        else
        {
            EscapeTrailingWhitespace(output, ref o, ref column);
        }

        return o;
    }

    private static void SoftBreak(Span<byte> output, ref int o, ref int column)
    {
        output[o++] = (byte)'=';
        output[o++] = (byte)'\r';
        output[o++] = (byte)'\n';
        column = 0;
    }

    private static void Escape(Span<byte> output, ref int o, byte value)
    {
        output[o++] = (byte)'=';
        output[o++] = Hex[value >> 4];
        output[o++] = Hex[value & 0xF];
    }

    /// <summary>A space or tab that would end a line (hard break or end of text) is escaped: a relay may strip it otherwise.</summary>
    private static void EscapeTrailingWhitespace(Span<byte> output, ref int o, ref int column)
    {
        if (column == 0 || output[o - 1] is not ((byte)' ' or (byte)'\t'))
        {
            return;
        }

        var last = output[--o];
        column--;
        // The line ends here, so it may use all 76 places; if the escape does not fit, it moves to a line of its own.
        if (column + 3 > MaxLineLength)
        {
            SoftBreak(output, ref o, ref column);
        }

        Escape(output, ref o, last);
        column += 3;
    }
}

/// <summary>
/// A text part whose content is already quoted-printable with CRLF line breaks. MimeKit writes a part's content through a
/// stream filter that turns line breaks into the output's kind, copying it 4 KB at a time: for CRLF output these bytes would
/// come out unchanged, so they are written in one go instead (the filter and its copy were 10 % of a sending app's CPU
/// samples). Any other output (LF line breaks, a changed transfer encoding) takes MimeKit's own way.
/// </summary>
internal sealed class EncodedTextPart : TextPart
{
    private readonly byte[] encoded;

    public EncodedTextPart(MimeKit.Text.TextFormat format, byte[] encoded)
        : base(format)
    {
        this.encoded = encoded;
        Content = new MimeContent(new MemoryStream(encoded, writable: false), ContentEncoding.QuotedPrintable);
        ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        ContentType.Charset = "utf-8";
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!AsIs(options, stream))
        {
            base.WriteTo(options, stream, contentOnly, cancellationToken);
            return;
        }

        if (!contentOnly)
        {
            Headers.WriteTo(options, stream, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        stream.Write(encoded);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!AsIs(options, stream))
        {
            await base.WriteToAsync(options, stream, contentOnly, cancellationToken);
            return;
        }

        if (!contentOnly)
        {
            await Headers.WriteToAsync(options, stream, cancellationToken);
        }

        await stream.WriteAsync(encoded, cancellationToken);
    }

    private bool AsIs(FormatOptions options, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        // The content ends with CRLF, so MimeKit's filter would not add one either, also for the message's top-level part.
        return options.NewLineFormat == NewLineFormat.Dos && ContentTransferEncoding == ContentEncoding.QuotedPrintable
            && Content?.Encoding == ContentEncoding.QuotedPrintable && encoded is [.., (byte)'\r', (byte)'\n'];
    }
}
