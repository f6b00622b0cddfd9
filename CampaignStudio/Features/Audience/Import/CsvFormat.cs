using System.Text;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>The shape of a CSV file as detected: its field delimiter and its text encoding.</summary>
public sealed record CsvFormat(char Delimiter, CsvTextEncoding Encoding)
{
    public static CsvFormat Default { get; } = new(',', CsvTextEncoding.Utf8);

    /// <summary>The delimiters detected and accepted.</summary>
    public static IReadOnlyList<char> Delimiters { get; } = [',', ';', '\t'];

    public string DelimiterName => Delimiter switch
    {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        _ => $"'{Delimiter}'",
    };

    public string EncodingName => Encoding switch
    {
        CsvTextEncoding.Utf8 => "UTF-8",
        CsvTextEncoding.Utf8WithBom => "UTF-8 with BOM",
        CsvTextEncoding.Utf16LittleEndian => "UTF-16 LE",
        CsvTextEncoding.Utf16BigEndian => "UTF-16 BE",
        CsvTextEncoding.Latin1 => "ISO-8859-1 (not UTF-8)",
        _ => Encoding.ToString(),
    };

    /// <summary>The decoder for <see cref="Encoding"/>; a byte-order mark, when present, is skipped by the reader.</summary>
    internal Encoding TextEncoding => Encoding switch
    {
        CsvTextEncoding.Utf16LittleEndian => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        CsvTextEncoding.Utf16BigEndian => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        CsvTextEncoding.Latin1 => System.Text.Encoding.Latin1,
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };
}
