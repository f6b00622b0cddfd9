using System.Globalization;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Tells people about approval steps through <see cref="ICampaignNotifier"/>: a submission tells every active approver
/// and admin but the submitter (<see cref="NotificationKind.ApprovalNeeded"/>); a decision tells the creator, the
/// submitter and the followers but the approver (<see cref="NotificationKind.Approved"/>,
/// <see cref="NotificationKind.Rejected"/>). Keys carry the campaign's revision after the step, so each request and
/// each decision is told once per person, and a new request after a rejection is told again. A failure to notify is
/// logged: the step itself stands.
/// </summary>
public sealed partial class CampaignApprovalNotices(ICampaignNotifier notifier, ILogger<CampaignApprovalNotices> logger)
{
    public Task SubmittedAsync(CampaignDetails campaign, Actor submitter) => NotifyAsync(
        new CampaignNotification(
            NotificationKind.ApprovalNeeded,
            campaign.Id,
            campaign.Name,
            $"{campaign.Name} waits for your approval",
            $"{submitter.Name} submitted it to be scheduled ({campaign.Schedule?.Description ?? "no send time"}). Approve it, or reject it with a comment.",
            Key("approval-needed", campaign))
        {
            CreatorId = campaign.CreatedById,
            Audience = NotificationAudience.Approvers,
            ExceptUserId = submitter.Id,
        });

    public Task ApprovedAsync(CampaignDetails campaign, Actor approver) => NotifyAsync(
        new CampaignNotification(
            NotificationKind.Approved,
            campaign.Id,
            campaign.Name,
            $"{campaign.Name} was approved",
            campaign.AwaitingConfirmationSinceUtc is not null
                ? $"{approver.Name} approved it after its send time had passed: it waits for you to start it now or give it a new time."
                : $"{approver.Name} approved it; it is scheduled. {campaign.Schedule?.Description}",
            Key("approved", campaign))
        {
            CreatorId = campaign.CreatedById,
            RequesterId = campaign.Approval?.RequestedById,
            Audience = NotificationAudience.Requester,
            ExceptUserId = approver.Id,
        });

    public Task RejectedAsync(CampaignDetails campaign, Actor approver) => NotifyAsync(
        new CampaignNotification(
            NotificationKind.Rejected,
            campaign.Id,
            campaign.Name,
            $"{campaign.Name} was rejected",
            $"{approver.Name} rejected it: \"{campaign.Approval?.RejectionComment}\" It is a draft again: change it and submit it again.",
            Key("rejected", campaign))
        {
            CreatorId = campaign.CreatedById,
            RequesterId = campaign.Approval?.RequestedById,
            Audience = NotificationAudience.Requester,
            ExceptUserId = approver.Id,
        });

    private static string Key(string what, CampaignDetails campaign) =>
        $"{what}:{campaign.Id.ToString(CultureInfo.InvariantCulture)}:r{campaign.Revision.ToString(CultureInfo.InvariantCulture)}";

    private async Task NotifyAsync(CampaignNotification notification)
    {
        try
        {
            await notifier.NotifyAsync(notification, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotifyFailed(e, notification.CampaignId, notification.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: people could not be told ({Kind}); the approval step stands.")]
    private partial void LogNotifyFailed(Exception exception, int campaignId, NotificationKind kind);
}
