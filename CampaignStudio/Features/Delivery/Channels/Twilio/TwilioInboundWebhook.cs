using CampaignStudio.Features.Delivery.Replies;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// <c>POST /api/v1/callbacks/twilio/inbound</c>: the "A message comes in" webhook of the SMS number and the WhatsApp
/// sender. Only a correctly signed request counts (403 otherwise, and nothing changes); the text goes to
/// <see cref="InboundReplyService"/> (STOP, START, HELP, anything else), and the answer is an empty TwiML
/// <c>&lt;Response/&gt;</c>: Twilio itself answers STOP, START and HELP, and nothing else is answered.
/// </summary>
public static class TwilioInboundWebhook
{
    public const string Path = "/api/v1/callbacks/twilio/inbound";
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public static async Task<IResult> HandleAsync(HttpContext context, IOptions<TwilioOptions> options, InboundReplyService replies, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured || string.IsNullOrEmpty(settings.AuthToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound);
        }

        var (form, refusal) = await TwilioSignedForm.ReadAsync(context, settings, loggers.CreateLogger(typeof(TwilioInboundWebhook).FullName!), cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        var sid = form["MessageSid"].ToString();
        var from = form["From"].ToString();
        if (sid.Length > 0 && from.Length > 0)
        {
            await replies.HandleAsync(new InboundReply(sid, from, form["Body"].ToString()), cancellationToken);
        }

        return Results.Text(EmptyTwiml, "text/xml; charset=utf-8");
    }
}
