namespace CampaignStudio.Features.Notifications;

/// <summary>Tells the right people about a campaign: its creator, the admins and its followers, live and (if they chose) by email.</summary>
public interface ICampaignNotifier
{
    Task NotifyAsync(CampaignNotification notification, CancellationToken cancellationToken);
}
