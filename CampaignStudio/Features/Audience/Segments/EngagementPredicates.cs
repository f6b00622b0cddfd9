using System.Linq.Expressions;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Delivery;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Engagement conditions as <c>Id IN (sub-query)</c>: received reads the delivery ledger (messages a provider
/// accepted, by when they were sent); opened, clicked and converted read tracking's per-message markers (by when the
/// person first did it; machines' opens and clicks never set a marker). A campaign narrows it; the window applies to
/// that time. A chosen link narrows a campaign's clicks to the messages whose link was clicked (the window still applies
/// to the message's first click: link clicks carry no time of their own). "Did not" is <c>Id NOT IN (…)</c>.
/// </summary>
internal sealed class EngagementPredicates(CompileContext ctx)
{
    public Expression<Func<Contact, bool>> Compile(EngagementCondition condition)
    {
        var (since, until) = Bounds(condition.Window);
        var campaignId = condition.CampaignId;
        IQueryable<long> contacts;
        if (condition.Kind == EngagementKind.Received)
        {
            var rows = ctx.Db.Deliveries.Where(d => d.SentUtc != null && (d.Status == DeliveryStatus.Sent || d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Undelivered));
            rows = campaignId is { } c ? rows.Where(d => d.CampaignId == c) : rows;
            rows = since is { } s ? rows.Where(d => d.SentUtc >= s) : rows;
            rows = until is { } u ? rows.Where(d => d.SentUtc < u) : rows;
            contacts = rows.Select(d => d.ContactId);
        }
        else
        {
            var rows = campaignId is { } c ? ctx.Db.DeliveryEngagements.Where(e => e.CampaignId == c) : ctx.Db.DeliveryEngagements;
            rows = condition.Kind switch
            {
                EngagementKind.Opened => rows.Where(e => e.FirstOpenUtc != null && (since == null || e.FirstOpenUtc >= since) && (until == null || e.FirstOpenUtc < until)),
                EngagementKind.Clicked => rows.Where(e => e.FirstClickUtc != null && (since == null || e.FirstClickUtc >= since) && (until == null || e.FirstClickUtc < until)),
                _ => rows.Where(e => e.ConvertedUtc != null && (since == null || e.ConvertedUtc >= since) && (until == null || e.ConvertedUtc < until)),
            };
            if (condition.Kind == EngagementKind.Clicked && campaignId is not null && condition.LinkIndex is { } link)
            {
                var onLink = ctx.Db.DeliveryLinkClicks.Where(k => k.LinkIndex == link).Select(k => k.DeliveryId);
                rows = rows.Where(e => onLink.Contains(e.DeliveryId));
            }

            contacts = rows.Select(e => e.ContactId);
        }

        Expression<Func<Contact, bool>> engaged = c => contacts.Contains(c.Id);
        return condition.Negate ? Predicates.Not(engaged) : engaged;
    }

    private (DateTime? Since, DateTime? Until) Bounds(EventWindow? window)
    {
        if (window?.InLast is { } last)
        {
            return (last.Before(ctx.NowUtc), null);
        }

        return (window?.From is { } from ? PeriodMath.StartOf(from) : null, window?.To is { } to ? PeriodMath.StartOf(to.AddDays(1)) : null);
    }
}
