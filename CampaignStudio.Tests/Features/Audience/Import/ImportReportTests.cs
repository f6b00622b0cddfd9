using System.Text;
using CampaignStudio.Features.Audience.Import;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Audience.Import;

public sealed class ImportReportTests
{
    [Fact]
    public async Task Report_IsRowFieldReasonCsv_AndNeutralisesFormulas()
    {
        var bytes = await ImportReport.ToBytesAsync(
        [
            new ImportRowError(3, "E-mail", "'=HYPERLINK(\"http://evil\")' is not a valid email address."),
            new ImportRowError(7, "=cmd|' /C calc'!A0", "+1 is not a phone number"),
            new ImportRowError(9, "@Name", "-5, and \"quoted\""),
        ]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "row,field,reason",
                "3,E-mail,\"'=HYPERLINK(\"\"http://evil\"\")' is not a valid email address.\"",
                "7,'=cmd|' /C calc'!A0,'+1 is not a phone number",
                "9,'@Name,\"'-5, and \"\"quoted\"\"\"",
            ],
            lines);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49", "'+49")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("Plain text", "Plain text")]
    [InlineData("", "")]
    public void Safe_PrefixesCellsThatStartAFormula(string cell, string expected) => Assert.Equal(expected, ImportReport.Safe(cell));

    [Fact]
    public async Task FileStore_RefusesAnOversizedUpload_AndLeavesNoFileBehind()
    {
        var folder = Path.Combine(Path.GetTempPath(), "campaignstudio-tests", "uploads-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new ImportFileStore(Options.Create(new ImportOptions { MaxFileSizeMb = 1, TempFolder = folder }), new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ImportFileStore>.Instance);
        try
        {
            var refused = await Assert.ThrowsAsync<CampaignStudio.Features.Shared.ValidationFailedException>(() => store.SaveAsync(new UnseekableStream(new byte[1_500_000]), "big.csv", null));

            Assert.Contains("larger than 1 MB", refused.Message);
            Assert.Empty(Directory.GetFiles(folder));

            await using (var upload = await store.SaveAsync(new UnseekableStream(Encoding.UTF8.GetBytes("email\na@example.com\n")), "C:\\Users\\me\\small.csv"))
            {
                Assert.Equal(("small.csv", 20L), (upload.FileName, upload.Length));
                Assert.True(File.Exists(upload.Path));
                Assert.StartsWith(folder, upload.Path);
            }

            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A browser upload's stream: its length is not known up front.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
