namespace CampaignStudio.Features.Audience.Import;

/// <summary>An uploaded file waiting in the temporary folder between upload and import; disposing deletes it.</summary>
public sealed class ImportUpload : IAsyncDisposable
{
    private readonly ILogger logger;

    internal ImportUpload(string path, string fileName, long length, ILogger logger)
    {
        Path = path;
        FileName = fileName;
        Length = length;
        this.logger = logger;
    }

    public string Path { get; }

    /// <summary>The name the file had on the user's machine.</summary>
    public string FileName { get; }

    public long Length { get; }

    /// <summary>A new read stream from the start of the file (each pass, analysis and import, opens its own).</summary>
    public Stream OpenRead() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(error, "Could not delete the uploaded import file {Path}; the next upload's sweep removes it", Path);
        }

        return ValueTask.CompletedTask;
    }
}
