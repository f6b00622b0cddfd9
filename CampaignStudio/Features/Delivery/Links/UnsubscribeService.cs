using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Links;

/// <summary>
/// Unsubscribes the recipient of a message from its channel: consent withdrawn (source <c>unsubscribe-link</c>) and the
/// address on the suppression list, so no later message reaches it — also not one of a campaign sending right now,
/// because workers check both again just before each send.
/// </summary>
public sealed class UnsubscribeService(IDbContextFactory<AppDbContext> contexts, DeliveryLinkSigner links, Tracking.TrackingHitWriter hits, TimeProvider clock)
{
    public const string ConsentSource = "unsubscribe-link";
    public const string PreferenceSource = "preference-page";

    /// <summary>What a token's page shows, or null when the token names nothing.</summary>
    public async Task<UnsubscribeTarget?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (await links.VerifyAsync(token, Engine.DeliveryBatchSender.UnsubscribePurpose, cancellationToken) is not { } deliveryId)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from d in db.Deliveries.AsNoTracking()
                      join c in db.Campaigns.AsNoTracking() on d.CampaignId equals c.Id
                      where d.Id == deliveryId
                      select new UnsubscribeTarget(d.Id, d.ContactId, d.Channel, c.Name, db.ContactConsents.Any(k => k.ContactId == d.ContactId && k.Channel == d.Channel && k.Status == ConsentStatus.Withdrawn)) { CampaignId = d.CampaignId })
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Unsubscribes; true when the token was valid (repeating it is harmless).</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is not { } target)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ContactAsync(db, target.ContactId, cancellationToken) is not { } contact)
        {
            // Erased since: nothing is sent to it any more anyway.
            return true;
        }

        contact.SetConsent(target.Channel, ConsentStatus.Withdrawn, ConsentSource, null, now);
        contact.Touch(now);
        var hash = target.Channel switch
        {
            Channel.Email => contact.EmailHash,
            Channel.Sms or Channel.WhatsApp => contact.PhoneHash,
            _ => null,
        };
        var list = SuppressedAddress.ListFor(target.Channel);
        if (hash is not null && !await db.SuppressedAddresses.AnyAsync(s => s.Channel == list && s.AddressHash == hash, cancellationToken))
        {
            db.SuppressedAddresses.Add(new SuppressedAddress(list, hash, SuppressionReason.Unsubscribed, $"Unsubscribed from a message of {target.CampaignName}.", now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the other one did it.
        }

        // Counted as the campaign's unsubscribe (once per message, however often the link is used).
        await hits.RecordAsync(new Tracking.TrackingHit(new Tracking.TrackedDelivery(target.DeliveryId, target.CampaignId, target.Channel), Tracking.TrackingEventKind.Unsubscribe, now), cancellationToken);
        return true;
    }

    /// <summary>
    /// The channels the preference page offers: those the contact can be reached on and either gets messages on now or
    /// left through an unsubscribe link or this page (a channel an admin or the CRM withdrew is not re-opened here).
    /// Null when the token names nothing.
    /// </summary>
    public async Task<IReadOnlyList<ChannelPreference>?> PreferencesAsync(string token, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is not { } target)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ContactAsync(db, target.ContactId, cancellationToken) is { } contact ? await OfferedAsync(db, contact, cancellationToken) : [];
    }

    private static Task<Contact?> ContactAsync(AppDbContext db, long contactId, CancellationToken cancellationToken) =>
        db.Contacts.Include(c => c.Consents).FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);

    private static async Task<IReadOnlyList<ChannelPreference>> OfferedAsync(AppDbContext db, Contact contact, CancellationToken cancellationToken)
    {
        var hasPush = await db.ContactPushTokens.AnyAsync(t => t.ContactId == contact.Id, cancellationToken);
        return [.. Enum.GetValues<Channel>()
            .Where(ch => ch switch
            {
                Channel.Email => contact.EmailCipher is not null,
                Channel.Sms or Channel.WhatsApp => contact.PhoneCipher is not null,
                _ => hasPush,
            })
            .Select(ch => (Channel: ch, Consent: contact.Consents.FirstOrDefault(k => k.Channel == ch)))
            .Where(x => x.Consent is { Status: ConsentStatus.Granted } || x.Consent is { Status: ConsentStatus.Withdrawn, Source: ConsentSource or PreferenceSource })
            .Select(x => new ChannelPreference(x.Channel, x.Consent!.Status == ConsentStatus.Granted))];
    }

    /// <summary>
    /// Saves the preference page: each offered channel not in <paramref name="wanted"/> is withdrawn (and its address
    /// suppressed, as an unsubscribe); a wanted channel the person had left through a link or this page is granted again
    /// and its address leaves the suppression list an unsubscribe put it on. False when the token names nothing.
    /// </summary>
    public async Task<bool> SavePreferencesAsync(string token, IReadOnlyCollection<Channel> wanted, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is not { } target)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ContactAsync(db, target.ContactId, cancellationToken) is not { } contact)
        {
            return true;
        }

        var offered = await OfferedAsync(db, contact, cancellationToken);

        var leftOwnChannel = false;
        foreach (var preference in offered)
        {
            var want = wanted.Contains(preference.Channel);
            if (want == preference.Subscribed)
            {
                continue;
            }

            contact.SetConsent(preference.Channel, want ? ConsentStatus.Granted : ConsentStatus.Withdrawn, PreferenceSource, null, now);
            var hash = preference.Channel switch
            {
                Channel.Email => contact.EmailHash,
                Channel.Sms or Channel.WhatsApp => contact.PhoneHash,
                _ => null,
            };
            var list = SuppressedAddress.ListFor(preference.Channel);
            if (hash is not null && want && !(preference.Channel is Channel.Sms or Channel.WhatsApp && offered.Any(p => p.Channel != preference.Channel && p.Channel is Channel.Sms or Channel.WhatsApp && !wanted.Contains(p.Channel))))
            {
                await db.SuppressedAddresses.Where(s => s.Channel == list && s.AddressHash == hash && s.Reason == SuppressionReason.Unsubscribed).ExecuteDeleteAsync(cancellationToken);
            }
            else if (hash is not null && !want && !await db.SuppressedAddresses.AnyAsync(s => s.Channel == list && s.AddressHash == hash, cancellationToken))
            {
                db.SuppressedAddresses.Add(new SuppressedAddress(list, hash, SuppressionReason.Unsubscribed, $"Left {preference.Channel.Display()} on the preference page of a message of {target.CampaignName}.", now));
            }

            leftOwnChannel |= !want && preference.Channel == target.Channel;
        }

        contact.Touch(now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Saved twice at once: the other save did the same.
        }

        if (leftOwnChannel)
        {
            await hits.RecordAsync(new Tracking.TrackingHit(new Tracking.TrackedDelivery(target.DeliveryId, target.CampaignId, target.Channel), Tracking.TrackingEventKind.Unsubscribe, now), cancellationToken);
        }

        return true;
    }
}

/// <summary>The message an unsubscribe link came from.</summary>
public sealed record UnsubscribeTarget(long DeliveryId, long ContactId, Channel Channel, string CampaignName, bool AlreadyUnsubscribed)
{
    public int CampaignId { get; init; }
}
