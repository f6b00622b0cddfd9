namespace CampaignStudio.Features.Audience.Import;

/// <summary>How a CSV file's bytes become text.</summary>
public enum CsvTextEncoding
{
    Utf8 = 1,
    Utf8WithBom = 2,
    Utf16LittleEndian = 3,
    Utf16BigEndian = 4,

    /// <summary>Not valid UTF-8: read as ISO-8859-1 (Western European), which every byte sequence is.</summary>
    Latin1 = 5,
}
