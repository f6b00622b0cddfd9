namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>How an SMS text will be sent: its encoding, its size and how many segments (billed messages) it takes.</summary>
/// <param name="Encoding">GSM-7 when every character is in the GSM alphabet (or its extension table), UCS-2 otherwise.</param>
/// <param name="Characters">Characters as a person counts them (user-perceived characters, so an emoji counts once).</param>
/// <param name="Units">Units the encoding uses: septets for GSM-7 (extension characters such as <c>€</c> count 2), UTF-16 code units for UCS-2 (an emoji outside the basic plane counts 2).</param>
/// <param name="Segments">Segments the message is split into; 0 for an empty text.</param>
/// <param name="UnitsPerSegment">Capacity of each segment: 160 or 70 for a single segment, 153 or 67 per part once the message is concatenated.</param>
/// <param name="RemainingInSegment">Units still free in the last segment before another segment is needed.</param>
/// <param name="NonGsmCharacters">The distinct characters, in order of appearance, that forced UCS-2; empty for GSM-7.</param>
public sealed record SmsSegmentInfo(
    SmsEncoding Encoding,
    int Characters,
    int Units,
    int Segments,
    int UnitsPerSegment,
    int RemainingInSegment,
    IReadOnlyList<string> NonGsmCharacters)
{
    /// <summary>True when the text needs UCS-2 (Unicode) encoding.</summary>
    public bool IsUnicode => Encoding == SmsEncoding.Ucs2;

    /// <summary>True when the text is sent as a concatenated (multi-part) message.</summary>
    public bool IsConcatenated => Segments > 1;
}
