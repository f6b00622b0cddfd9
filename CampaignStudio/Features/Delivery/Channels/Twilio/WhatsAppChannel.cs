using System.Globalization;
using System.Text.Json;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// WhatsApp through Twilio, from <c>whatsapp:</c><see cref="TwilioOptions.WhatsAppFrom"/>. An approved template goes as
/// its Content SID (mapped in <see cref="TwilioOptions.WhatsAppTemplates"/>) with the variables as
/// <c>ContentVariables</c> (<c>{"1":"…","2":"…"}</c>); free text goes as the body.
/// </summary>
public sealed class WhatsAppChannel(TwilioClient client, IOptions<TwilioOptions> options, ILogger<WhatsAppChannel> logger) : TwilioChannel(client, options, logger)
{
    public const string AddressPrefix = "whatsapp:";

    public override Channel Channel => Channel.WhatsApp;

    protected override (IReadOnlyList<KeyValuePair<string, string>>? Form, string? Refusal) Compose(OutgoingMessage message)
    {
        if (message is not WhatsAppMessage whatsApp)
        {
            return (null, $"The WhatsApp channel cannot send a {message.Channel} message.");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("To", Address(whatsApp.Recipient)),
            new("From", Address(Options.WhatsAppFrom!)),
        };
        if (!string.IsNullOrWhiteSpace(whatsApp.TemplateName))
        {
            var contentSid = Options.ContentSidFor(whatsApp.TemplateName, whatsApp.Language);
            if (contentSid is null)
            {
                return (null, $"WhatsApp template '{whatsApp.TemplateName}' ({whatsApp.Language ?? "no language"}) has no Twilio Content SID: set {TwilioOptions.TemplateKey(whatsApp.TemplateName, whatsApp.Language)} to the approved template's HX… SID.");
            }

            form.Add(new("ContentSid", contentSid));
            if (whatsApp.Variables.Count > 0)
            {
                var variables = whatsApp.Variables.Select((value, index) => ((index + 1).ToString(CultureInfo.InvariantCulture), value)).ToDictionary(v => v.Item1, v => v.value);
                form.Add(new("ContentVariables", JsonSerializer.Serialize(variables)));
            }
        }
        else if (!string.IsNullOrWhiteSpace(whatsApp.Body))
        {
            form.Add(new("Body", whatsApp.Body));
        }
        else
        {
            return (null, "The WhatsApp message has neither a template nor text.");
        }

        AddStatusCallback(form);
        return (form, null);
    }

    private static string Address(string number) =>
        number.StartsWith(AddressPrefix, StringComparison.OrdinalIgnoreCase) ? number : AddressPrefix + number.Trim();
}
