using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>CSV import settings, bound from the <c>Audience:Import</c> section.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Audience:Import";

    /// <summary>Largest file an import accepts, in megabytes (1 MB = 1,048,576 bytes).</summary>
    [Range(1, 4096)]
    public int MaxFileSizeMb { get; set; } = 200;

    /// <summary>Rows written per transaction. A cancelled or failed import keeps the batches already committed.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Most rejected-row messages one import keeps for its report; the counts stay exact beyond it.</summary>
    [Range(100, 1_000_000)]
    public int MaxReportedErrors { get; set; } = 10_000;

    /// <summary>Where uploads wait between upload and import; empty means a folder under the system's temporary folder.</summary>
    public string? TempFolder { get; set; }

    public long MaxFileBytes => MaxFileSizeMb * 1024L * 1024L;

    public string ResolveTempFolder() =>
        string.IsNullOrWhiteSpace(TempFolder) ? Path.Combine(Path.GetTempPath(), "CampaignStudio", "imports") : Path.GetFullPath(TempFolder);
}
