using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>Short ways to build campaigns in a given state for tests that need no database.</summary>
public static class Campaigns
{
    public const string Name = "Diwali offer";

    /// <summary>Monday 1 June 2026, 12:00 UTC.</summary>
    public static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static readonly Actor Rohan = new("user-rohan", "Rohan Mehta");

    public static readonly Actor Lena = new("user-lena", "Lena Fischer");

    public static readonly SegmentChoice Dealers = new(1, "Dealers");

    public static readonly SegmentChoice Retail = new(2, "Retail customers");

    public static readonly SegmentChoice Vips = new(3, "VIPs");

    public static CampaignContent Sms(string text) => new() { Sms = new SmsContent { Text = text } };

    /// <summary>A draft ready to schedule: Dealers minus VIPs, an SMS, sent as soon as it is scheduled.</summary>
    public static Campaign ReadyDraft(string name = Name)
    {
        var created = Now.AddHours(-2);
        var campaign = new Campaign(new CampaignBasics(name, "Festive prices"), Rohan, created);
        campaign.UpdateAudience(new CampaignAudience([Dealers], [Vips]), 120, campaign.Revision, Rohan, created, 1);
        campaign.UpdateContent(CampaignChannels.Sms, Sms("Happy Diwali! Festive prices until Sunday."), campaign.Revision, Rohan, created, 2);
        campaign.UpdateSchedule(CampaignSchedule.SendNow(), campaign.Revision, Rohan, created, 3);
        return campaign;
    }

    /// <summary>A campaign brought to <paramref name="status"/> through its own transitions, at <see cref="Now"/>.</summary>
    public static Campaign InState(CampaignStatus status, string name = Name)
    {
        var campaign = ReadyDraft(name);
        if (status == CampaignStatus.Draft)
        {
            return campaign;
        }

        if (status == CampaignStatus.PendingApproval)
        {
            campaign.SubmitForApproval(Rohan, Now.AddHours(-1));
            return campaign;
        }

        campaign.Schedule(Rohan, Now.AddHours(-1));
        if (status == CampaignStatus.Scheduled)
        {
            return campaign;
        }

        campaign.MarkSending(Now.AddHours(-1));
        switch (status)
        {
            case CampaignStatus.Paused:
                campaign.Pause(Rohan, Now.AddMinutes(-30));
                break;
            case CampaignStatus.Completed:
                campaign.MarkCompleted(Now.AddMinutes(-30));
                break;
            case CampaignStatus.Stopped:
                campaign.Stop(Rohan, Now.AddMinutes(-30));
                break;
            case CampaignStatus.Failed:
                campaign.MarkFailed("The SMS provider refused the account.", Now.AddMinutes(-30));
                break;
        }

        return campaign;
    }
}
