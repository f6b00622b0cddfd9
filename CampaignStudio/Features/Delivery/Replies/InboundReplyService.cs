using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CampaignStudio.Features.Delivery.Replies;

/// <summary>
/// What people text back. STOP (STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) from a number withdraws the consent of the
/// contact with that number on the channel it came in on (SMS, or WhatsApp for a <c>whatsapp:</c> sender; source
/// <c>sms-keyword</c>), suppresses the number on that channel only, and counts as the unsubscribe of the latest message
/// sent to it there within <see cref="TrackingOptions.ReplyUnsubscribeWindowDays"/> (once per message, like an
/// unsubscribe link). START (UNSTOP, YES) lifts the suppression a STOP recorded and gives back the consent a STOP
/// withdrew — not one an admin, the CRM or an unsubscribe link withdrew. HELP and anything else is recorded and
/// changes nothing. Every text is recorded (encrypted) once, whatever the provider retries.
/// </summary>
public sealed partial class InboundReplyService(
    IDbContextFactory<AppDbContext> contexts,
    PiiProtector pii,
    TrackingHitWriter hits,
    IOptions<TrackingOptions> tracking,
    IOptions<AudienceOptions> audience,
    TimeProvider clock,
    ILogger<InboundReplyService> logger)
{
    public const string ConsentSource = "sms-keyword";
    private const string WhatsAppPrefix = "whatsapp:";
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<InboundReplyResult> HandleAsync(InboundReply reply, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = reply.From.Trim();
        var channel = from.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase) ? Channel.WhatsApp : Channel.Sms;
        var hash = pii.BlindIndex(Normalize(channel == Channel.WhatsApp ? from[WhatsAppPrefix.Length..] : from));
        var keyword = ReplyKeywords.Read(reply.Body);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.InboundMessages.AnyAsync(m => m.ProviderMessageId == reply.ProviderMessageId, cancellationToken))
        {
            return new InboundReplyResult(keyword, channel, false, null, Repeated: true);
        }

        var message = new InboundMessage(reply.ProviderMessageId, channel, hash, pii.Encrypt(reply.Body ?? ""), keyword, now);
        db.InboundMessages.Add(message);
        var contact = await db.Contacts.Include(c => c.Consents).FirstOrDefaultAsync(c => c.PhoneHash == hash, cancellationToken);
        message.ContactId = contact?.Id;
        var changed = keyword switch
        {
            ReplyKeyword.Stop => await StopAsync(db, contact, channel, hash, message, now, cancellationToken),
            ReplyKeyword.Start => await StartAsync(db, contact, channel, hash, now, cancellationToken),
            _ => false,
        };

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await IsRecordedAsync(reply.ProviderMessageId, cancellationToken))
            {
                throw;
            }

            // The provider sent the same text twice at once: the other request handled it.
            return new InboundReplyResult(keyword, channel, false, null, Repeated: true);
        }

        LogReply(keyword, channel, contact?.Id, message.DeliveryId);
        if (message.DeliveryId is { } deliveryId && await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => (int?)d.CampaignId).FirstOrDefaultAsync(cancellationToken) is { } campaignId)
        {
            // The campaign's unsubscribe, counted once per message however often the number says STOP.
            await hits.RecordAsync(new TrackingHit(new TrackedDelivery(deliveryId, campaignId, channel), TrackingEventKind.Unsubscribe, now), cancellationToken);
        }

        return new InboundReplyResult(keyword, channel, changed, message.DeliveryId);
    }

    private async Task<bool> StopAsync(AppDbContext db, Contact? contact, Channel channel, byte[] hash, InboundMessage message, DateTime now, CancellationToken cancellationToken)
    {
        var changed = false;
        if (!await db.SuppressedAddresses.AnyAsync(s => s.Channel == channel && s.AddressHash == hash, cancellationToken))
        {
            db.SuppressedAddresses.Add(new SuppressedAddress(channel, hash, SuppressionReason.ReplyStop, $"Replied STOP by {channel.Display()}.", now));
            changed = true;
        }

        if (contact is null)
        {
            return changed;
        }

        if (contact.Consents.FirstOrDefault(k => k.Channel == channel) is not { Status: ConsentStatus.Withdrawn })
        {
            contact.SetConsent(channel, ConsentStatus.Withdrawn, ConsentSource, null, now);
            contact.Touch(now);
            changed = true;
        }

        var since = now - TimeSpan.FromDays(tracking.Value.ReplyUnsubscribeWindowDays);
        message.DeliveryId = await db.Deliveries.AsNoTracking()
            .Where(d => d.ContactId == contact.Id && d.Channel == channel && d.SentUtc != null && d.SentUtc >= since && d.SentUtc <= now)
            .OrderByDescending(d => d.SentUtc).ThenByDescending(d => d.Id)
            .Select(d => (long?)d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return changed;
    }

    private static async Task<bool> StartAsync(AppDbContext db, Contact? contact, Channel channel, byte[] hash, DateTime now, CancellationToken cancellationToken)
    {
        var lifted = await db.SuppressedAddresses.Where(s => s.Channel == channel && s.AddressHash == hash && s.Reason == SuppressionReason.ReplyStop).ToListAsync(cancellationToken);
        db.SuppressedAddresses.RemoveRange(lifted);
        if (contact?.Consents.FirstOrDefault(k => k.Channel == channel) is { Status: ConsentStatus.Withdrawn, Source: ConsentSource })
        {
            contact.SetConsent(channel, ConsentStatus.Granted, ConsentSource, null, now);
            contact.Touch(now);
            return true;
        }

        return lifted.Count > 0;
    }

    private async Task<bool> IsRecordedAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundMessages.AnyAsync(m => m.ProviderMessageId == providerMessageId, cancellationToken);
    }

    /// <summary>The sender as E.164, as contacts' numbers are stored (and indexed); as given when it is no phone number.</summary>
    private string Normalize(string number)
    {
        try
        {
            var parsed = Phones.Parse(number, audience.Value.DefaultPhoneRegion);
            return Phones.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            return number;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound {Channel} text read as {Keyword} (contact {ContactId}, unsubscribe counted for delivery {DeliveryId}).")]
    private partial void LogReply(ReplyKeyword keyword, Channel channel, long? contactId, long? deliveryId);
}
