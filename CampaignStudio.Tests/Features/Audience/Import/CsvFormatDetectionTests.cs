using System.Text;
using CampaignStudio.Features.Audience.Import;

namespace CampaignStudio.Tests.Features.Audience.Import;

public sealed class CsvFormatDetectionTests
{
    private static CsvFormat Detect(byte[] bytes) => CsvSniffer.Detect(bytes, isWholeFile: true);

    private static CsvFormat Detect(string text) => Detect(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("email,name\na@example.com,A\n", ',')]
    [InlineData("email;name\na@example.com;A\n", ';')]
    [InlineData("email\tname\na@example.com\tA\n", '\t')]
    [InlineData("email;amount;note\na@example.com;1,5;\"x, y\"\nb@example.com;2,25;z\n", ';')]
    [InlineData("email,note\na@example.com,\"one; two; three\"\n", ',')]
    [InlineData("email\na@example.com\n", ',')]
    public void Detect_Delimiter(string text, char expected) => Assert.Equal(expected, Detect(text).Delimiter);

    [Fact]
    public void Detect_Encoding()
    {
        Assert.Equal(CsvTextEncoding.Utf8, Detect("name\nMüller\n").Encoding);
        Assert.Equal(CsvTextEncoding.Utf8WithBom, Detect([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("name\nMüller\n")]).Encoding);
        Assert.Equal(CsvTextEncoding.Utf16LittleEndian, Detect([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("name\n")]).Encoding);
        Assert.Equal(CsvTextEncoding.Latin1, Detect(Encoding.Latin1.GetBytes("name\nMüller\n")).Encoding);
    }

    [Fact]
    public void Detect_SampleCutInsideACharacter_IsStillUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("name\nJoão\n");
        var cut = bytes[..(Array.IndexOf(bytes, (byte)0xC3) + 1)];

        Assert.Equal(CsvTextEncoding.Utf8, CsvSniffer.Detect(cut, isWholeFile: false).Encoding);
    }
}
