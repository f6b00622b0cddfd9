using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>SMS through Twilio, from the Messaging Service when one is configured, else from <see cref="TwilioOptions.FromNumber"/>.</summary>
public sealed class SmsChannel(TwilioClient client, IOptions<TwilioOptions> options, ILogger<SmsChannel> logger) : TwilioChannel(client, options, logger)
{
    public override Channel Channel => Channel.Sms;

    protected override (IReadOnlyList<KeyValuePair<string, string>>? Form, string? Refusal) Compose(OutgoingMessage message)
    {
        if (message is not SmsMessage sms)
        {
            return (null, $"The SMS channel cannot send a {message.Channel} message.");
        }

        if (string.IsNullOrWhiteSpace(sms.Body))
        {
            return (null, "The SMS has no text.");
        }

        var form = new List<KeyValuePair<string, string>> { new("To", sms.Recipient) };
        form.Add(string.IsNullOrWhiteSpace(Options.MessagingServiceSid)
            ? new("From", Options.FromNumber!)
            : new("MessagingServiceSid", Options.MessagingServiceSid));
        form.Add(new("Body", sms.Body));
        AddStatusCallback(form);
        return (form, null);
    }
}
