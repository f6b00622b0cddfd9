namespace CampaignStudio.Features.Campaigns;

/// <summary>An SMS: its text (long texts go out as several concatenated parts).</summary>
public sealed record SmsContent
{
    public const int MaxTextLength = 1600;

    public string? Text { get; init; }

    /// <summary>Whether the http(s) links of the text go out as short tracked links (on unless turned off).</summary>
    public bool TrackLinks { get; init; } = true;

    internal SmsContent Normalized() => this with { Text = InputText.Body(Text) };

    internal void Check(FieldErrors errors, string prefix) => errors.MaxLength($"{prefix}.text", Text, MaxTextLength, "An SMS");

    internal void Missing(FieldErrors errors, string prefix)
    {
        if (Text is null)
        {
            errors.Add($"{prefix}.text", "Write the SMS text.");
        }
    }
}
