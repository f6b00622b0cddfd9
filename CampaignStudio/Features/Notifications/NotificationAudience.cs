namespace CampaignStudio.Features.Notifications;

/// <summary>Whom a <see cref="CampaignNotification"/> is for.</summary>
public enum NotificationAudience
{
    /// <summary>The campaign's creator, every active admin and the campaign's followers.</summary>
    CampaignPeople = 1,

    /// <summary>Every active approver and admin: those who can approve the campaign.</summary>
    Approvers = 2,

    /// <summary>The campaign's creator, whoever asked (<see cref="CampaignNotification.RequesterId"/>) and the campaign's followers.</summary>
    Requester = 3,
}
