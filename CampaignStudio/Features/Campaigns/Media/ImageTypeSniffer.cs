namespace CampaignStudio.Features.Campaigns.Media;

/// <summary>Tells an image's type from its first bytes (its "magic number"), whatever its file name claims.</summary>
public static class ImageTypeSniffer
{
    /// <summary>Bytes needed to recognise every supported type.</summary>
    public const int HeaderLength = 12;

    public static IReadOnlyList<string> SupportedTypes { get; } = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    /// <summary>image/png, image/jpeg, image/gif or image/webp; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>The usual extension of a supported type.</summary>
    public static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        _ => "",
    };
}
