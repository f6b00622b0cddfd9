namespace CampaignStudio.Features.Campaigns.Media;

/// <summary>
/// An image uploaded for campaign content. The bytes live in the database (not a local folder), so every app
/// instance serves the same images and a backup holds them. An asset never changes: a new image is a new asset.
/// </summary>
public sealed class MediaAsset
{
    public const int MaxFileNameLength = 200;

    private MediaAsset()
    {
    }

    public MediaAsset(string fileName, string contentType, byte[] content, string createdByName, DateTime createdUtc)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Size = content.Length;
        CreatedByName = createdByName;
        CreatedUtc = createdUtc;
    }

    public int Id { get; private set; }

    /// <summary>A URL-safe file name (letters, digits, '-', '_' and '.'), as it appears in the image's address.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>image/png, image/jpeg, image/gif or image/webp, as read from the bytes.</summary>
    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public byte[] Content { get; private set; } = [];

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }
}
