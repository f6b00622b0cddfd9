namespace CampaignStudio.Features.Notifications;

/// <summary>My choice for one kind: shown in the app, and also sent by email.</summary>
public sealed record NotificationPreferenceSetting(NotificationKind Kind, bool InApp, bool ByEmail);
