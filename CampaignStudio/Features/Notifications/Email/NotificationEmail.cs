namespace CampaignStudio.Features.Notifications.Email;

/// <summary>
/// A notification to send by email to one person who asked for that kind by email. <see cref="Key"/> is the
/// notification's key: a sender may use it (with <see cref="UserId"/>) as a message id to stay idempotent.
/// </summary>
public sealed record NotificationEmail(
    string UserId,
    string To,
    string RecipientName,
    NotificationKind Kind,
    int CampaignId,
    string CampaignName,
    string Subject,
    string TextBody,
    string HtmlBody,
    string Key);
