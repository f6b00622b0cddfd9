namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A push notification. Title, body, deep link and data values may use Liquid.</summary>
/// <param name="Title">Notification title.</param>
/// <param name="Body">Notification text.</param>
/// <param name="ImageUrl">An https image shown in the notification.</param>
/// <param name="DeepLink">Where tapping leads, e.g. <c>myapp://offers/42</c> or an https link.</param>
/// <param name="Data">Custom key/value pairs for the app.</param>
public sealed record PushContentDraft(string? Title, string? Body, string? ImageUrl, string? DeepLink, IReadOnlyDictionary<string, string>? Data);
