namespace CampaignStudio.Features.Campaigns.Media;

/// <summary>A media asset without its bytes; <see cref="Path"/> is its address relative to the site root.</summary>
public sealed record MediaAssetInfo(int Id, string FileName, string ContentType, long Size, string CreatedByName, DateTime CreatedUtc)
{
    public string Path => MediaLibraryService.PathOf(Id, FileName);
}

/// <summary>What the image endpoint sends.</summary>
public sealed record MediaFile(string FileName, string ContentType, byte[] Content, DateTime CreatedUtc);
