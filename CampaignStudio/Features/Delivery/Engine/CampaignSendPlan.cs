using System.Net;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// A campaign's content made ready to send: every template parsed once (for the whole campaign, not per message), the
/// sender resolved, and what the templates use of a contact, so the recipient loader reads only that. Renders one
/// contact's message on one channel; a template that fails for a contact is that message's permanent failure.
/// </summary>
public sealed class CampaignSendPlan
{
    /// <summary>The data key of a tracked push notification's open address.</summary>
    public const string PushOpenDataKey = "cs_open_url";

    private readonly ParsedTemplate? emailSubject;
    private readonly ParsedTemplate? emailPreheader;
    private readonly ParsedTemplate? emailHtml;
    private readonly ParsedTemplate? emailText;
    private readonly ParsedTemplate? emailGeneratedText;
    private readonly EmailSafetyCheck emailCheck;
    private readonly bool preheaderSlot;
    private readonly bool pixelSlot;
    private readonly ParsedTemplate? smsText;
    private readonly PreparedText? smsLinks;
    private readonly ParsedTemplate? whatsAppText;
    private readonly PreparedText? whatsAppLinks;
    private readonly IReadOnlyList<ParsedTemplate> whatsAppVariables = [];
    private readonly ParsedTemplate? pushTitle;
    private readonly ParsedTemplate? pushBody;
    private readonly ParsedTemplate? pushLink;
    private readonly TrackedLink? pushTrackedLink;
    private readonly IReadOnlyList<TrackedLink> emailLinks = [];
    private readonly CampaignContent content;

    public CampaignSendPlan(int campaignId, string campaignName, int contentVersion, CampaignChannels channels, CampaignContent content, EmailSenderIdentity? sender, LiquidRenderer liquid)
    {
        CampaignId = campaignId;
        CampaignName = campaignName;
        ContentVersion = contentVersion;
        Channels = channels;
        Sender = sender;
        this.content = content;
        var sources = new List<string>();
        var links = new List<TrackedLink>();
        ParsedTemplate? Parse(string? template, LiquidOutputMode mode)
        {
            if (template is null)
            {
                return null;
            }

            sources.Add(template);
            return liquid.Parse(template, mode);
        }

        if (channels.Includes(Channel.Email) && content.Email is { } email)
        {
            emailSubject = Parse(email.Subject, LiquidOutputMode.Text);
            emailPreheader = Parse(email.Preheader, LiquidOutputMode.Text);
            var prepared = email.HtmlBody is null ? null : EmailTemplatePreparer.Prepare(email.HtmlBody);
            // Links are found and marked once here; each message only swaps the markers for its own tracked URLs.
            (string Html, IReadOnlyList<TrackedLink> Links)? tracked = prepared is null ? null : EmailLinkTracking.Prepare(prepared.Html);
            emailLinks = tracked?.Links ?? [];
            links.AddRange(emailLinks);
            emailCheck = prepared?.Check ?? EmailSafetyCheck.None;
            // Where nothing is sanitised per message, the preheader and the open pixel go in during the link pass too.
            var marked = tracked is { } t && emailCheck == EmailSafetyCheck.None ? EmailLinkTracking.MarkSlots(t.Html, out preheaderSlot, out pixelSlot) : tracked?.Html;
            emailHtml = Parse(marked, LiquidOutputMode.Html);
            emailText = Parse(email.TextBody, LiquidOutputMode.Text);
            emailGeneratedText = email.TextBody is null && prepared is not null && liquid.TryParse(prepared.Text, LiquidOutputMode.Text, out var text, out _) ? text : null;
        }

        // The links of the other channels are numbered on after the email's, in channel order, so that a plan built again
        // (another instance, a restart) numbers them the same way.
        if (channels.Includes(Channel.Sms) && content.Sms is { } sms)
        {
            smsLinks = sms.TrackLinks && sms.Text is not null ? TextLinkTracking.Prepare(sms.Text, Channel.Sms, links.Count) : null;
            links.AddRange(smsLinks?.Links ?? []);
            smsText = Parse(smsLinks?.Text ?? sms.Text, LiquidOutputMode.Text);
        }

        if (channels.Includes(Channel.WhatsApp) && content.WhatsApp is { } whatsApp)
        {
            whatsAppLinks = whatsApp.Kind == WhatsAppMessageKind.Text && whatsApp.TrackLinks && whatsApp.Text is not null ? TextLinkTracking.Prepare(whatsApp.Text, Channel.WhatsApp, links.Count) : null;
            links.AddRange(whatsAppLinks?.Links ?? []);
            whatsAppText = whatsApp.Kind == WhatsAppMessageKind.Text ? Parse(whatsAppLinks?.Text ?? whatsApp.Text, LiquidOutputMode.Text) : null;
            whatsAppVariables = whatsApp.Kind == WhatsAppMessageKind.Template ? [.. whatsApp.Variables.Select(v => Parse(v, LiquidOutputMode.Text)!)] : [];
        }

        if (channels.Includes(Channel.Push) && content.Push is { } push)
        {
            pushTitle = Parse(push.Title, LiquidOutputMode.Text);
            pushBody = Parse(push.Body, LiquidOutputMode.Text);
            pushLink = Parse(push.DeepLink, LiquidOutputMode.Text);
            if (push.TrackLinks && push.DeepLink is { } deepLink && PushLink(deepLink) is { } personalized)
            {
                pushTrackedLink = new TrackedLink(links.Count, deepLink, personalized) { Channel = Channel.Push };
                links.Add(pushTrackedLink);
            }
        }

        TrackedLinks = links;

        var all = string.Join("\n", sources);
        Uses = new ContactDataUse(
            Tags: all.Contains("tags", StringComparison.Ordinal),
            Fields: all.Contains("fields", StringComparison.Ordinal),
            Events: all.Contains("events", StringComparison.Ordinal));
    }

    public int CampaignId { get; }

    public string CampaignName { get; }

    public int ContentVersion { get; }

    public CampaignChannels Channels { get; }

    public EmailSenderIdentity? Sender { get; }

    /// <summary>The tracked links of every channel, in order (stored as the campaign's links when it starts sending).</summary>
    public IReadOnlyList<TrackedLink> TrackedLinks { get; } = [];

    /// <summary>Which parts of a contact the templates read (a cheap over-approximation), so recipients load only those.</summary>
    public ContactDataUse Uses { get; }

    /// <summary>Who a channel's messages go out as, for a sender's own rate limit: the email sender's address, else none.</summary>
    public string? SenderKey(Channel channel) => channel == Channel.Email ? Sender?.Address : null;

    /// <summary>The message for one recipient, or the reason it cannot be rendered.</summary>
    /// <param name="tracking">Tracked links (and an open pixel in emails, an open address in pushes); without it, links go straight to their targets.</param>
    /// <param name="targets">Where the rendered targets of personalised short links go, to be stored before the message is sent.</param>
    public (OutgoingMessage? Message, string? Problem) Render(long deliveryId, Recipient recipient, Channel channel, PersonalizationModel model, LinkTracking? tracking = null, ICollection<DeliveryLinkTarget>? targets = null)
    {
        try
        {
            var message = new TrackedDelivery(deliveryId, CampaignId, channel);
            return channel switch
            {
                Channel.Email => (Email(deliveryId, recipient, model, tracking), null),
                Channel.Sms => (new SmsMessage(deliveryId, CampaignId, recipient.Address!, Text(smsText, smsLinks, model, message, tracking, targets)), null),
                Channel.WhatsApp => (WhatsApp(deliveryId, recipient, model, tracking, targets), null),
                Channel.Push => (Push(deliveryId, recipient, model, tracking), null),
                _ => (null, $"Unknown channel {channel}."),
            };
        }
        catch (Exception e) when (e is LiquidRenderException or LiquidTemplateException)
        {
            return (null, $"The {channel.Display()} content could not be rendered for this contact: {e.Message}");
        }
    }

    private EmailMessage Email(long deliveryId, Recipient recipient, PersonalizationModel model, LinkTracking? tracking)
    {
        var sender = Sender ?? throw new InvalidOperationException("An email campaign has a sender.");
        var message = new TrackedDelivery(deliveryId, CampaignId, Channel.Email);
        var preheader = emailPreheader?.Render(model) is { } p && !string.IsNullOrWhiteSpace(p) ? PreheaderHtml(p) : null;
        var body = emailHtml?.Render(model, (emailLinks, message, tracking, preheaderSlot ? preheader : null),
            static (rendered, s) => EmailLinkTracking.Apply(rendered, s.emailLinks, s.message, s.tracking, s.Item4));
        var html = body is null ? null : EmailTemplatePreparer.Secure(body, emailCheck);
        if (html is not null && !preheaderSlot && preheader is not null)
        {
            html = WithPreheader(html, preheader);
        }

        if (html is not null && !pixelSlot && tracking is not null)
        {
            html = EmailLinkTracking.AddOpenPixel(html, message, tracking);
        }

        var text = emailText?.Render(model) ?? emailGeneratedText?.Render(model) ?? (html is null ? null : PlainTextGenerator.FromHtml(html));
        return new EmailMessage(deliveryId, CampaignId, recipient.Address!)
        {
            FromName = sender.Name,
            FromAddress = sender.Address,
            ReplyTo = content.Email?.ReplyTo ?? sender.DefaultReplyTo,
            Subject = emailSubject?.Render(model) ?? "",
            Html = html,
            Text = text,
            RecipientName = recipient.DisplayName,
            UnsubscribeUrl = model.UnsubscribeUrl,
        };
    }

    private static string Text(ParsedTemplate? template, PreparedText? links, PersonalizationModel model, TrackedDelivery message, LinkTracking? tracking, ICollection<DeliveryLinkTarget>? targets)
    {
        var rendered = template?.Render(model) ?? "";
        return links is null ? rendered : TextLinkTracking.Apply(rendered, links, message, tracking, targets);
    }

    private WhatsAppMessage WhatsApp(long deliveryId, Recipient recipient, PersonalizationModel model, LinkTracking? tracking, ICollection<DeliveryLinkTarget>? targets)
    {
        var whatsApp = content.WhatsApp ?? new WhatsAppContent();
        return whatsApp.Kind == WhatsAppMessageKind.Text
            ? new WhatsAppMessage(deliveryId, CampaignId, recipient.Address!) { Body = Text(whatsAppText, whatsAppLinks, model, new TrackedDelivery(deliveryId, CampaignId, Channel.WhatsApp), tracking, targets) }
            : new WhatsAppMessage(deliveryId, CampaignId, recipient.Address!)
            {
                TemplateName = whatsApp.TemplateName,
                Language = whatsApp.Language,
                Variables = [.. whatsAppVariables.Select(v => v.Render(model))],
            };
    }

    private PushMessage Push(long deliveryId, Recipient recipient, PersonalizationModel model, LinkTracking? tracking)
    {
        var push = content.Push ?? new PushContent();
        var message = new TrackedDelivery(deliveryId, CampaignId, Channel.Push);
        var deepLink = pushLink?.Render(model);
        var data = push.Data;
        if (tracking is not null && push.TrackLinks)
        {
            if (pushTrackedLink is { } link && deepLink is not null && EmailLinkTracking.IsHttp(deepLink.Trim()))
            {
                var target = message with { LinkIndex = link.Index };
                deepLink = link.IsPersonalized
                    ? $"{tracking.PublicBaseUrl}/c/{tracking.Signer.Sign(target, TrackingPurpose.PersonalizedClick, deepLink.Trim())}?u={Uri.EscapeDataString(deepLink.Trim())}"
                    : $"{tracking.PublicBaseUrl}/c/{tracking.Signer.Sign(target, TrackingPurpose.Click)}";
            }

            // The app reports that the notification was opened by fetching this address (no cookies, any user agent).
            data = new Dictionary<string, string>(push.Data, StringComparer.Ordinal)
            {
                [PushOpenDataKey] = $"{tracking.PublicBaseUrl}/o/{tracking.Signer.Sign(message, TrackingPurpose.Open)}.gif",
            };
        }

        return new PushMessage(deliveryId, CampaignId, recipient.Tokens[0])
        {
            Tokens = recipient.Tokens,
            Title = pushTitle?.Render(model) ?? "",
            Body = pushBody?.Render(model) ?? "",
            ImageUrl = push.ImageUrl,
            DeepLink = deepLink,
            Data = data,
        };
    }

    /// <summary>Whether a deep link is tracked: null when not (an app scheme, or Liquid that does not start as http(s)), else whether it is personalised.</summary>
    private static bool? PushLink(string deepLink)
    {
        var personalized = deepLink.Contains("{{", StringComparison.Ordinal) || deepLink.Contains("{%", StringComparison.Ordinal);
        if (personalized)
        {
            return deepLink.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || deepLink.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? true : null;
        }

        return EmailLinkTracking.IsHttp(deepLink) && deepLink.Length <= CampaignLink.MaxUrlLength ? false : null;
    }

    /// <summary>The preheader as hidden text, for the start of the body, where inboxes read it.</summary>
    private static string PreheaderHtml(string preheader) =>
        $"<div style=\"display:none;max-height:0;overflow:hidden\">{WebUtility.HtmlEncode(preheader)}</div>";

    /// <summary>The hidden preheader as the first thing in the body.</summary>
    private static string WithPreheader(string html, string hidden)
    {
        var bodyStart = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var insertAt = bodyStart < 0 ? 0 : html.IndexOf('>', bodyStart) + 1;
        return insertAt <= 0 ? hidden + html : html.Insert(insertAt, hidden);
    }
}

/// <summary>Who an email campaign is sent as.</summary>
public sealed record EmailSenderIdentity(string Name, string Address, string? DefaultReplyTo);

/// <summary>Which parts of a contact a campaign's templates read.</summary>
public sealed record ContactDataUse(bool Tags, bool Fields, bool Events);
