using System.Text.RegularExpressions;

namespace CampaignStudio.Features.Campaigns;

/// <summary>A push notification: title, body, optional image and deep link, and data for the app.</summary>
public sealed partial record PushContent
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2000;
    public const int MaxUrlLength = 2000;
    public const int MaxDataEntries = 20;
    public const int MaxDataKeyLength = 100;
    public const int MaxDataValueLength = 1000;

    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary>An https image shown in the notification.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>Where the app opens, e.g. <c>myapp://offers/diwali</c> or an https link.</summary>
    public string? DeepLink { get; init; }

    /// <summary>Whether an http(s) deep link goes through the click tracker (on unless turned off).</summary>
    public bool TrackLinks { get; init; } = true;

    /// <summary>Key/values delivered to the app with the notification.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    internal PushContent Normalized() => this with
    {
        Title = InputText.Line(Title),
        Body = InputText.Body(Body),
        ImageUrl = InputText.Line(ImageUrl),
        DeepLink = InputText.Line(DeepLink),
        Data = new SortedDictionary<string, string>(
            (Data ?? new Dictionary<string, string>()).GroupBy(d => d.Key.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal),
            StringComparer.Ordinal),
    };

    internal void Check(FieldErrors errors, string prefix)
    {
        errors.MaxLength($"{prefix}.title", Title, MaxTitleLength, "The title");
        errors.MaxLength($"{prefix}.body", Body, MaxBodyLength, "The body");
        if (ImageUrl is not null && (ImageUrl.Length > MaxUrlLength || !Uri.TryCreate(ImageUrl, UriKind.Absolute, out var image) || image.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}.imageUrl", "The image must be an https:// address.");
        }

        if (DeepLink is not null && (DeepLink.Length > MaxUrlLength || !Uri.TryCreate(DeepLink, UriKind.Absolute, out _)))
        {
            errors.Add($"{prefix}.deepLink", "The deep link must be a full address, e.g. myapp://offers/diwali or https://example.com/offers.");
        }

        if (Data.Count > MaxDataEntries)
        {
            errors.Add($"{prefix}.data", $"Send at most {MaxDataEntries} data entries.");
        }

        foreach (var (key, value) in Data)
        {
            if (!DataKeyPattern().IsMatch(key))
            {
                errors.Add($"{prefix}.data", $"The data key '{key}' must be 1 to {MaxDataKeyLength} letters, digits, '_', '-' or '.'.");
            }

            if (value.Length > MaxDataValueLength)
            {
                errors.Add($"{prefix}.data", $"The data value of '{key}' is at most {MaxDataValueLength} characters.");
            }
        }
    }

    internal void Missing(FieldErrors errors, string prefix)
    {
        if (Title is null)
        {
            errors.Add($"{prefix}.title", "Write the notification's title.");
        }

        if (Body is null)
        {
            errors.Add($"{prefix}.body", "Write the notification's text.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex DataKeyPattern();
}
