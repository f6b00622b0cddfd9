using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// Keeps uploaded CSV files in a temporary folder while they are mapped and imported (never in memory), and sweeps
/// away files a closed browser tab or a crash left behind.
/// </summary>
public sealed class ImportFileStore(IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportFileStore> logger)
{
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(24);
    private const string Extension = ".upload";

    public string Folder => options.Value.ResolveTempFolder();

    /// <summary>
    /// Copies <paramref name="source"/> to a new temporary file, reporting the bytes copied so far; refuses (and
    /// deletes) a file over the size limit.
    /// </summary>
    public async Task<ImportUpload> SaveAsync(Stream source, string fileName, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        Sweep();
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + Extension);
        // Only the name: some browsers send a path, with either kind of separator.
        var upload = new ImportUpload(path, fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..], 0, logger);
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                var counting = new CountingStream(source, options.Value.MaxFileBytes);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await counting.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(counting.BytesRead);
                }
            }

            return new ImportUpload(path, upload.FileName, new FileInfo(path).Length, logger);
        }
        catch (FileTooLargeException)
        {
            await upload.DisposeAsync();
            throw Shared.ValidationFailedException.For("file", $"The file is larger than {CsvImportService.FormatMegabytes(options.Value.MaxFileBytes)}, the most an import takes. Split it into smaller files.");
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    private void Sweep()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Abandoned;
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + Extension))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                logger.LogDebug(error, "Could not sweep {File}", file);
            }
        }
    }
}
