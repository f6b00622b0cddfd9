using System.Collections.Concurrent;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>Each sending campaign's <see cref="CampaignSendPlan"/>, built once per content version and shared by the workers.</summary>
public sealed class SendPlanCache(LiquidRenderer liquid, Tracking.CampaignLinkStore links)
{
    private readonly ConcurrentDictionary<int, CampaignSendPlan> plans = new();

    public async Task<CampaignSendPlan> GetAsync(AppDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        var version = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => (int?)c.ContentVersion).FirstOrDefaultAsync(cancellationToken)
            ?? throw new CampaignCannotStartException($"Campaign {campaignId} no longer exists.");
        if (plans.TryGetValue(campaignId, out var plan) && plan.ContentVersion == version)
        {
            return plan;
        }

        var campaign = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == campaignId, cancellationToken);
        EmailSenderIdentity? sender = null;
        if (campaign.Channels.Includes(Channel.Email))
        {
            var found = campaign.EmailSenderId is { } senderId
                ? await db.EmailSenders.AsNoTracking().FirstOrDefaultAsync(s => s.Id == senderId, cancellationToken)
                : null;
            sender = found is null
                ? throw new CampaignCannotStartException("Its email sender was removed; an admin can add it again in Settings, then the campaign can be cloned and sent.")
                : new EmailSenderIdentity(found.Name, found.Address, found.DefaultReplyTo);
        }

        try
        {
            plan = new CampaignSendPlan(campaign.Id, campaign.Name, campaign.ContentVersion, campaign.Channels, campaign.ReadContent(), sender, liquid);
        }
        catch (LiquidTemplateException e)
        {
            throw new CampaignCannotStartException($"Its content cannot be rendered: {e.Message}");
        }

        // The campaign's tracked links are stored before any message that names them goes out.
        await links.SaveAsync(campaign.Id, plan.TrackedLinks, cancellationToken);
        plans[campaignId] = plan;
        return plan;
    }

    public void Forget(int campaignId) => plans.TryRemove(campaignId, out _);
}
