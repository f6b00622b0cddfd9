using System.Globalization;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Preview;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using PhoneNumbers;

namespace CampaignStudio.Features.Outbox;

/// <summary>
/// Sends a campaign's content on one channel to a few test recipients typed by the user (at most
/// <see cref="MaxRecipients"/>), rendered with the sample contact or a chosen one. Each message goes to the
/// <see cref="ITestMessageSink"/> for its channel (the Outbox until a provider is configured); when a provider is
/// configured for the channel, the message goes through that channel for real, marked as a test in its subject.
/// </summary>
public sealed partial class TestSendService(
    CampaignService campaigns,
    PersonalizationSource personalization,
    CampaignPreviewRenderer renderer,
    IEnumerable<ITestMessageSink> sinks,
    ChannelRegistry channels,
    EmailSenderService senders,
    CurrentUser currentUser)
{
    public const int MaxRecipients = 10;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<IReadOnlyList<TestSendResult>> SendTestAsync(int campaignId, Channel channel, IReadOnlyList<string> recipients, long? previewContactId = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        var addresses = NormalizeRecipients(channel, recipients);
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (!campaign.Channels.Contains(channel))
        {
            throw ValidationFailedException.For("channel", $"The campaign does not send on {channel.Display()}; choose one of its channels ({string.Join(", ", campaign.Channels.Select(c => c.Display()))}).");
        }

        var model = await personalization.ForAsync(campaign.Name, previewContactId, cancellationToken);
        var rendered = renderer.Render(channel, campaign.Content, model);
        if (rendered.Error is { } error)
        {
            throw ValidationFailedException.For("content", $"The {channel.Display()} content cannot be rendered: {error}");
        }

        if (channels.SendsForReal(channel))
        {
            return await SendForRealAsync(campaign, channel, rendered, addresses, cancellationToken);
        }

        var sink = sinks.LastOrDefault(s => s.Handles(channel)) ?? throw new InvalidOperationException($"No test message sink handles {channel}.");
        var results = new List<TestSendResult>();
        foreach (var address in addresses)
        {
            results.Add(await sink.DeliverAsync(new TestMessage(campaignId, channel, address, rendered.Subject ?? TemplateLine(rendered), rendered.Html, Body(rendered), actor), cancellationToken));
        }

        return results;
    }

    /// <summary>Hands the test messages to the channel's provider and says, per recipient, what it answered.</summary>
    private async Task<IReadOnlyList<TestSendResult>> SendForRealAsync(CampaignDetails campaign, Channel channel, RenderedChannel rendered, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        EmailSenderInfo? sender = null;
        if (channel == Channel.Email)
        {
            var senderId = campaign.Content.Email?.SenderId;
            sender = (await senders.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == senderId)
                ?? throw ValidationFailedException.For("content.email.senderId", "Choose who the email is from before sending a test.");
        }

        var messages = addresses.Select((address, i) => (OutgoingMessage)(channel switch
        {
            Channel.Email => new EmailMessage(-(i + 1), campaign.Id, address)
            {
                FromName = sender!.Name,
                FromAddress = sender.Address,
                ReplyTo = campaign.Content.Email?.ReplyTo ?? sender.DefaultReplyTo,
                Subject = "[Test] " + (rendered.Subject ?? ""),
                Html = rendered.Html,
                Text = rendered.Text,
            },
            Channel.Sms => new SmsMessage(-(i + 1), campaign.Id, address, rendered.Text ?? ""),
            Channel.WhatsApp => new WhatsAppMessage(-(i + 1), campaign.Id, address)
            {
                TemplateName = rendered.TemplateName,
                Language = rendered.Language,
                Variables = rendered.Variables,
                Body = rendered.TemplateName is null ? rendered.Text : null,
            },
            _ => new PushMessage(-(i + 1), campaign.Id, address)
            {
                Tokens = [address],
                Title = rendered.Subject ?? "",
                Body = rendered.Text ?? "",
                ImageUrl = rendered.ImageUrl,
                DeepLink = rendered.DeepLink,
                Data = campaign.Content.Push?.Data ?? new Dictionary<string, string>(),
            },
        })).ToList();
        var pipe = channels.For(channel);
        var results = (await pipe.SendAsync(messages, cancellationToken)).ToDictionary(r => r.DeliveryId);
        return [.. messages.Select(m => results.TryGetValue(m.DeliveryId, out var result) && result.Outcome == SendOutcome.Accepted
            ? new TestSendResult(m.Recipient, Sent: true, $"Sent through {pipe.Provider}" + (result.ProviderMessageId is { } providerId ? $" ({providerId})" : ""), null)
            : new TestSendResult(m.Recipient, Sent: false, $"Not sent: {pipe.Provider} said {(results.TryGetValue(m.DeliveryId, out var refused) ? refused.Error : "nothing")}", null))];
    }

    /// <summary>
    /// Checks the recipients for the channel and returns them normalised (phone numbers in E.164); every bad one is
    /// named in the error of the field <c>recipients</c>.
    /// </summary>
    public static IReadOnlyList<string> NormalizeRecipients(Channel channel, IReadOnlyList<string>? recipients)
    {
        var given = (recipients ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToList();
        if (given.Count == 0)
        {
            throw ValidationFailedException.For("recipients", channel switch
            {
                Channel.Email => "Give at least one email address to send the test to.",
                Channel.Push => "Give at least one device token to send the test to.",
                _ => "Give at least one phone number to send the test to.",
            });
        }

        if (given.Count > MaxRecipients)
        {
            throw ValidationFailedException.For("recipients", $"Send a test to at most {MaxRecipients} recipients at a time ({given.Count.ToString(CultureInfo.InvariantCulture)} given).");
        }

        var errors = new List<string>();
        var normalized = new List<string>();
        foreach (var recipient in given)
        {
            var (value, problem) = channel switch
            {
                Channel.Email => EmailContent.IsEmailAddress(recipient) && recipient.Length <= EmailContent.MaxAddressLength
                    ? (recipient, null)
                    : ((string?)null, $"'{recipient}' is not a valid email address."),
                Channel.Sms or Channel.WhatsApp => Phone(recipient),
                Channel.Push => PushTokenPattern().IsMatch(recipient)
                    ? (recipient, null)
                    : (null, $"'{Shorten(recipient)}' is not a push device token (20 to 4096 letters, digits, ':', '_', '-' or '.')."),
                _ => (null, $"Unknown channel {channel}."),
            };
            if (value is null)
            {
                errors.Add(problem!);
            }
            else if (!normalized.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                normalized.Add(value);
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["recipients"] = [.. errors] });
        }

        return normalized;
    }

    private static (string? Value, string? Problem) Phone(string raw)
    {
        const string Hint = "give it in international form with its country code, e.g. +919820012345.";
        if (!raw.StartsWith('+'))
        {
            return (null, $"'{raw}' has no country code: {Hint}");
        }

        try
        {
            var number = Phones.Parse(raw, null);
            return Phones.IsValidNumber(number)
                ? (Phones.Format(number, PhoneNumberFormat.E164), null)
                : (null, $"'{raw}' is not a valid phone number: {Hint}");
        }
        catch (NumberParseException)
        {
            return (null, $"'{raw}' is not a phone number: {Hint}");
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static string? TemplateLine(RenderedChannel rendered) =>
        rendered.TemplateName is null ? null : $"WhatsApp template {rendered.TemplateName} ({rendered.Language})";

    private static string? Body(RenderedChannel rendered) => rendered.TemplateName is not null
        ? string.Join("\n", rendered.Variables.Select((v, i) => $"{{{{{(i + 1).ToString(CultureInfo.InvariantCulture)}}}}} = {v}"))
        : rendered.Text;

    [GeneratedRegex("^[A-Za-z0-9:_.-]{20,4096}$")]
    private static partial Regex PushTokenPattern();
}
