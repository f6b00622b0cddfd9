namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>How an SMS is encoded on the air interface; it decides how many characters fit in a segment.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet: 160 septets in one segment, 153 per part when concatenated.</summary>
    Gsm7 = 1,

    /// <summary>UCS-2 (UTF-16): 70 code units in one segment, 67 per part when concatenated.</summary>
    Ucs2 = 2,
}
