namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// What the first look at a CSV file found: its format, its header, up to <see cref="CsvImportService.PreviewRows"/>
/// data rows, the targets the columns can map to, and a proposed mapping.
/// </summary>
public sealed record CsvAnalysis(
    string FileName,
    long? FileSize,
    CsvFormat Format,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> PreviewRows,
    IReadOnlyList<ImportTarget> Targets,
    ImportMapping ProposedMapping,
    IReadOnlyList<string> Warnings);
