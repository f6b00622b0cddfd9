using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Outbox;

/// <summary>
/// The channel of last resort: when no provider is configured for <see cref="Channel"/>, campaign messages are rendered
/// and recorded in the Outbox, marked as not sent, so a fresh install can be tried end to end. Recipients are stored
/// masked (the Outbox is not encrypted like contacts are).
/// </summary>
public sealed class OutboxChannel(Channel channel, IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : IChannel
{
    public const string ProviderName = "Outbox";

    public Channel Channel { get; } = channel;

    public string Provider => ProviderName;

    public bool SendsForReal => false;

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = messages.Select(m => (Message: m, Row: ToOutbox(m, now))).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.OutboxMessages.AddRange(stored.Select(s => s.Row));
        await db.SaveChangesAsync(cancellationToken);
        return [.. stored.Select(s => SendResult.Accepted(s.Message.DeliveryId, "outbox:" + s.Row.Id.ToString(CultureInfo.InvariantCulture)))];
    }

    /// <summary>Nothing to ready: the Outbox is the app's own database.</summary>
    public Task<string?> WarmUpAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Shows enough of an address to recognise it: <c>pr…@example.com</c>, <c>+9198…45</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return address[..Math.Min(2, at)] + "…" + address[at..];
        }

        return address.Length <= 8 ? new string('…', 1) + address[^Math.Min(2, address.Length)..] : address[..5] + "…" + address[^2..];
    }

    private static OutboxMessage ToOutbox(OutgoingMessage message, DateTime now)
    {
        var (subject, html, text) = message switch
        {
            EmailMessage email => (email.Subject, email.Html, email.Text),
            SmsMessage sms => ((string?)null, (string?)null, sms.Body),
            WhatsAppMessage whatsApp when whatsApp.TemplateName is not null => (
                $"WhatsApp template {whatsApp.TemplateName} ({whatsApp.Language})",
                null,
                string.Join("\n", whatsApp.Variables.Select((v, i) => $"{{{{{(i + 1).ToString(CultureInfo.InvariantCulture)}}}}} = {v}"))),
            WhatsAppMessage whatsApp => (null, null, whatsApp.Body),
            PushMessage push => (push.Title, null, push.Body),
            _ => (null, null, null),
        };
        return new OutboxMessage(message.CampaignId, message.Channel, Mask(message.Recipient), subject, html, text, isTest: false, Campaign.Engine, now, OutboxMessage.NoProviderStatus);
    }
}
