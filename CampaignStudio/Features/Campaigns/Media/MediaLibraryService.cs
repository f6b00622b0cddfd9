using System.Globalization;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Campaigns.Media;

/// <summary>
/// Images for campaign content: upload (type told by the bytes, size limited), list, delete. Uploading and deleting
/// need <see cref="Policies.ManageCampaigns"/>, listing <see cref="Policies.Read"/>. Serving is anonymous (mail
/// clients fetch the images) and goes through <see cref="FindForServingAsync"/>.
/// </summary>
public sealed class MediaLibraryService(
    IDbContextFactory<AppDbContext> contexts,
    CurrentUser currentUser,
    TimeProvider clock,
    IOptions<MediaLibraryOptions> options)
{
    public const int MaxListed = 500;

    public long MaxFileBytes => options.Value.MaxFileBytes;

    /// <summary>The address of an asset relative to the site root: <c>/media/12/banner.png</c>.</summary>
    public static string PathOf(int id, string fileName) => $"/media/{id.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(fileName)}";

    public async Task<MediaAssetInfo> UploadAsync(string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        var max = options.Value.MaxFileBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw ValidationFailedException.For("file", $"The image is larger than {FormatSize(max)}; make it smaller (email clients load big images slowly).");
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw ValidationFailedException.For("file", "The file is empty.");
        }

        var type = ImageTypeSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, ImageTypeSniffer.HeaderLength)))
            ?? throw ValidationFailedException.For("file", $"'{fileName}' is not a PNG, JPEG, GIF or WebP image (judged by its content, not its name).");
        var asset = new MediaAsset(SafeFileName(fileName, type), type, bytes, actor.Name, clock.GetUtcNow().UtcDateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync(cancellationToken);
        return Info(asset);
    }

    /// <summary>The newest images first, without their bytes.</summary>
    public async Task<IReadOnlyList<MediaAssetInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking()
            .OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id)
            .Take(MaxListed)
            .Select(m => new MediaAssetInfo(m.Id, m.FileName, m.ContentType, m.Size, m.CreatedByName, m.CreatedUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deletes an image; emails already sent that show it lose it, so delete only what nothing uses.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.MediaAssets.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException($"There is no image {id.ToString(CultureInfo.InvariantCulture)} (any more).");
        }
    }

    /// <summary>For the anonymous image endpoint: the asset's bytes, or null.</summary>
    public async Task<MediaFile?> FindForServingAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new MediaFile(m.FileName, m.ContentType, m.Content, m.CreatedUtc))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A name that is safe in a URL and ends with the extension of the type the bytes showed.</summary>
    public static string SafeFileName(string? fileName, string contentType)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName ?? "");
        var safe = new StringBuilder();
        foreach (var c in stem)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        var name = safe.ToString().Trim('-');
        if (name.Length == 0)
        {
            name = "image";
        }

        var extension = ImageTypeSniffer.Extension(contentType);
        return name[..Math.Min(name.Length, MediaAsset.MaxFileNameLength - extension.Length)] + extension;
    }

    public static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024d).ToString("0", CultureInfo.InvariantCulture) + " KB";

    private static MediaAssetInfo Info(MediaAsset m) => new(m.Id, m.FileName, m.ContentType, m.Size, m.CreatedByName, m.CreatedUtc);
}
