using System.Buffers;
using System.Globalization;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Counts SMS segments the way carriers do. A text made only of GSM 03.38 characters is sent in GSM-7 (160 septets,
/// or 153 per part once concatenated, the rest of each part holding the concatenation header); extension-table
/// characters (<c>^ { } \ [ ~ ] | €</c> and form feed) take two septets, an escape and the character, and are never
/// split across two parts. Any other character switches the whole message to UCS-2 (70 code units, or 67 per part),
/// where a surrogate pair (most emoji) takes two units and is likewise kept whole.
/// </summary>
public static class SmsSegmentCounter
{
    /// <summary>Septets in a single GSM-7 segment.</summary>
    public const int Gsm7SingleSegment = 160;

    /// <summary>Septets in each part of a concatenated GSM-7 message.</summary>
    public const int Gsm7ConcatenatedSegment = 153;

    /// <summary>Code units in a single UCS-2 segment.</summary>
    public const int Ucs2SingleSegment = 70;

    /// <summary>Code units in each part of a concatenated UCS-2 message.</summary>
    public const int Ucs2ConcatenatedSegment = 67;

    /// <summary>The GSM 03.38 default alphabet (the escape code itself excluded).</summary>
    private const string BasicAlphabet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>The GSM 03.38 extension table: each is sent as an escape plus the character, two septets.</summary>
    private const string ExtensionTable = "\f^{}\\[~]|€";

    private static readonly SearchValues<char> Basic = SearchValues.Create(BasicAlphabet);
    private static readonly SearchValues<char> Extension = SearchValues.Create(ExtensionTable);
    private static readonly SearchValues<char> Gsm = SearchValues.Create(BasicAlphabet + ExtensionTable);

    /// <summary>True when <paramref name="c"/> can be sent in GSM-7 (default alphabet or extension table).</summary>
    public static bool IsGsmCharacter(char c) => Gsm.Contains(c);

    /// <summary>Septets <paramref name="c"/> takes in GSM-7: 1, 2 for the extension table, 0 when it is not a GSM character.</summary>
    public static int GsmSeptets(char c) => Basic.Contains(c) ? 1 : Extension.Contains(c) ? 2 : 0;

    /// <summary>Works out encoding, size and segments of <paramref name="text"/> (null counts as empty).</summary>
    public static SmsSegmentInfo Count(string? text)
    {
        text ??= string.Empty;
        var characters = text.Length == 0 ? 0 : new StringInfo(text).LengthInTextElements;
        return text.AsSpan().IndexOfAnyExcept(Gsm) < 0
            ? CountGsm7(text, characters)
            : CountUcs2(text, characters);
    }

    private static SmsSegmentInfo CountGsm7(string text, int characters)
    {
        var units = 0;
        foreach (var c in text)
        {
            units += GsmSeptets(c);
        }

        if (units == 0)
        {
            return new SmsSegmentInfo(SmsEncoding.Gsm7, 0, 0, 0, Gsm7SingleSegment, Gsm7SingleSegment, []);
        }

        if (units <= Gsm7SingleSegment)
        {
            return new SmsSegmentInfo(SmsEncoding.Gsm7, characters, units, 1, Gsm7SingleSegment, Gsm7SingleSegment - units, []);
        }

        var segments = 1;
        var used = 0;
        foreach (var c in text)
        {
            var septets = GsmSeptets(c);
            if (used + septets > Gsm7ConcatenatedSegment)
            {
                // An escape sequence may not straddle two parts: the whole character opens the next part.
                segments++;
                used = 0;
            }

            used += septets;
        }

        return new SmsSegmentInfo(SmsEncoding.Gsm7, characters, units, segments, Gsm7ConcatenatedSegment, Gsm7ConcatenatedSegment - used, []);
    }

    private static SmsSegmentInfo CountUcs2(string text, int characters)
    {
        var units = text.Length;
        var nonGsm = NonGsmCharacters(text);
        if (units <= Ucs2SingleSegment)
        {
            return new SmsSegmentInfo(SmsEncoding.Ucs2, characters, units, 1, Ucs2SingleSegment, Ucs2SingleSegment - units, nonGsm);
        }

        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + width > Ucs2ConcatenatedSegment)
            {
                // A surrogate pair is kept in one part, as handsets and gateways do, so it never arrives as two halves.
                segments++;
                used = 0;
            }

            used += width;
            i += width - 1;
        }

        return new SmsSegmentInfo(SmsEncoding.Ucs2, characters, units, segments, Ucs2ConcatenatedSegment, Ucs2ConcatenatedSegment - used, nonGsm);
    }

    private static List<string> NonGsmCharacters(string text)
    {
        var found = new List<string>();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (element.AsSpan().IndexOfAnyExcept(Gsm) >= 0 && !found.Contains(element))
            {
                found.Add(element);
            }
        }

        return found;
    }
}
