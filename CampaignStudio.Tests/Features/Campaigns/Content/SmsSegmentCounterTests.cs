using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class SmsSegmentCounterTests
{
    [Fact]
    public void Count_EmptyText_NoSegments()
    {
        var info = SmsSegmentCounter.Count("");

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(0, info.Units);
        Assert.Equal(0, info.Segments);
        Assert.Equal(160, info.RemainingInSegment);
    }

    [Fact]
    public void Count_160GsmCharacters_OneFullSegment()
    {
        var info = SmsSegmentCounter.Count(new string('a', 160));

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(160, info.Units);
        Assert.Equal(1, info.Segments);
        Assert.Equal(160, info.UnitsPerSegment);
        Assert.Equal(0, info.RemainingInSegment);
        Assert.False(info.IsConcatenated);
    }

    [Fact]
    public void Count_161GsmCharacters_TwoConcatenatedParts()
    {
        var info = SmsSegmentCounter.Count(new string('a', 161));

        Assert.Equal(2, info.Segments);
        Assert.Equal(153, info.UnitsPerSegment);
        Assert.Equal(153 * 2 - 161, info.RemainingInSegment);
    }

    [Theory]
    [InlineData(306, 2, 0)]
    [InlineData(307, 3, 152)]
    [InlineData(459, 3, 0)]
    public void Count_MultiplesOf153_SplitsExactly(int length, int segments, int remaining)
    {
        var info = SmsSegmentCounter.Count(new string('x', length));

        Assert.Equal(segments, info.Segments);
        Assert.Equal(remaining, info.RemainingInSegment);
    }

    [Fact]
    public void Count_ExtensionCharacters_TakeTwoSeptetsAndStayGsm()
    {
        var info = SmsSegmentCounter.Count("Price: 5€ {promo} [x] ~ | ^ \\");

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(29, info.Characters);
        Assert.Equal(29 + 9, info.Units);
        Assert.Empty(info.NonGsmCharacters);
    }

    [Fact]
    public void Count_80EuroSigns_FillOneSegmentExactly()
    {
        var info = SmsSegmentCounter.Count(new string('€', 80));

        Assert.Equal(160, info.Units);
        Assert.Equal(1, info.Segments);
        Assert.Equal(0, info.RemainingInSegment);
    }

    [Fact]
    public void Count_EscapeCharacterStraddlingPartBoundary_MovesToNextPart()
    {
        // 152 septets, then a 2-septet '€' that would straddle the 153 boundary, then 152 more.
        // 306 septets would fit in 2 parts if split naively; with the escape kept whole it needs 3.
        var text = new string('a', 152) + "€" + new string('b', 152);

        var info = SmsSegmentCounter.Count(text);

        Assert.Equal(306, info.Units);
        Assert.Equal(3, info.Segments);
        Assert.Equal(153 - 1, info.RemainingInSegment);
    }

    [Fact]
    public void Count_EscapeCharacterEndingExactlyOnBoundary_StaysInPart()
    {
        var text = new string('a', 151) + "€" + new string('b', 153);

        var info = SmsSegmentCounter.Count(text);

        Assert.Equal(2, info.Segments);
        Assert.Equal(0, info.RemainingInSegment);
    }

    [Fact]
    public void Count_GsmAccentedLetters_StayGsm()
    {
        var info = SmsSegmentCounter.Count("Café à é è ù ì ò Ç Ä Ö Ñ Ü ß ¿¡ £ ¥ § Δ");

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Empty(info.NonGsmCharacters);
    }

    [Fact]
    public void Count_AccentOutsideGsm_SwitchesToUnicodeAndIsNamed()
    {
        var info = SmsSegmentCounter.Count("Joyeuses Pâques");

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(["â"], info.NonGsmCharacters);
        Assert.Equal(70 - 15, info.RemainingInSegment);
    }

    [Fact]
    public void Count_70UnicodeCharacters_OneSegment()
    {
        var info = SmsSegmentCounter.Count(new string('á', 70));

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(1, info.Segments);
        Assert.Equal(70, info.UnitsPerSegment);
        Assert.Equal(0, info.RemainingInSegment);
    }

    [Fact]
    public void Count_71UnicodeCharacters_TwoParts()
    {
        var info = SmsSegmentCounter.Count(new string('á', 71));

        Assert.Equal(2, info.Segments);
        Assert.Equal(67, info.UnitsPerSegment);
        Assert.Equal(67 * 2 - 71, info.RemainingInSegment);
    }

    [Theory]
    [InlineData(134, 2, 0)]
    [InlineData(135, 3, 66)]
    public void Count_MultiplesOf67_SplitsExactly(int length, int segments, int remaining)
    {
        var info = SmsSegmentCounter.Count(new string('á', length));

        Assert.Equal(segments, info.Segments);
        Assert.Equal(remaining, info.RemainingInSegment);
    }

    [Fact]
    public void Count_Emoji_SwitchesToUnicodeAndCountsTwoUnits()
    {
        var info = SmsSegmentCounter.Count("Hi 😀");

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(4, info.Characters);
        Assert.Equal(5, info.Units);
        Assert.Equal(65, info.RemainingInSegment);
        Assert.Equal(["😀"], info.NonGsmCharacters);
    }

    [Fact]
    public void Count_SurrogatePairStraddlingPartBoundary_MovesToNextPart()
    {
        var text = new string('á', 66) + "😀" + new string('á', 66);

        var info = SmsSegmentCounter.Count(text);

        Assert.Equal(134, info.Units);
        Assert.Equal(3, info.Segments);
        Assert.Equal(66, info.RemainingInSegment);
    }

    [Fact]
    public void Count_MixedText_ListsEachNonGsmCharacterOnceInOrder()
    {
        var info = SmsSegmentCounter.Count("Café ‘special’ 😀 offer 😀 for Zoë");

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(["‘", "’", "😀", "ë"], info.NonGsmCharacters);
    }
}
