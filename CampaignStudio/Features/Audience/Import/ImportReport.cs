using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// The per-row report of an import as CSV (<c>row,field,reason</c>), safe to open in a spreadsheet: a cell that
/// starts with <c>= + - @</c> (or a tab or carriage return) is prefixed with a quote so it is never run as a formula.
/// </summary>
public static class ImportReport
{
    public const string ContentType = "text/csv";

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string FileNameFor(string importedFileName) =>
        (Path.GetFileNameWithoutExtension(importedFileName) is { Length: > 0 } name ? name : "import") + "-report.csv";

    /// <summary>Writes the report as UTF-8 (with a byte-order mark, so spreadsheets pick the right encoding).</summary>
    public static async Task WriteAsync(IEnumerable<ImportRowError> errors, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None });
        csv.WriteField("row");
        csv.WriteField("field");
        csv.WriteField("reason");
        await csv.NextRecordAsync();
        foreach (var error in errors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            csv.WriteField(error.Row.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Safe(error.Field));
            csv.WriteField(Safe(error.Reason));
            await csv.NextRecordAsync();
        }
    }

    public static async Task<byte[]> ToBytesAsync(IEnumerable<ImportRowError> errors, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(errors, buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Neutralises a cell a spreadsheet would otherwise read as a formula.</summary>
    public static string Safe(string? cell) =>
        string.IsNullOrEmpty(cell) ? "" : Array.IndexOf(FormulaStarts, cell[0]) >= 0 ? "'" + cell : cell;
}
