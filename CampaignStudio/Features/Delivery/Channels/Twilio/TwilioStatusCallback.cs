using System.Globalization;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// <c>POST /api/v1/callbacks/twilio/status</c>: Twilio's report on a message it accepted. Only a correctly signed
/// request counts (403 otherwise); delivered, undelivered and failed move the ledger row found by the message SID, and
/// every other status (queued, sent, read, …) changes nothing. A signed report always gets 204, even for a SID the
/// ledger does not know, so Twilio does not keep retrying it.
/// </summary>
public static class TwilioStatusCallback
{
    public const string Path = "/api/v1/callbacks/twilio/status";

    public static async Task<IResult> HandleAsync(HttpContext context, IOptions<TwilioOptions> options, IDeliveryReports reports, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured || string.IsNullOrEmpty(settings.AuthToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound);
        }

        var (form, refusal) = await TwilioSignedForm.ReadAsync(context, settings, loggers.CreateLogger(typeof(TwilioStatusCallback).FullName!), cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        var reported = Map(status);
        if (reported is null || sid.Length == 0)
        {
            return Results.NoContent();
        }

        var errorCode = form["ErrorCode"].ToString();
        var error = reported == DeliveryStatus.Delivered ? null : Describe(status, errorCode);
        await reports.RecordAsync(TwilioChannel.ProviderName, sid, reported.Value, error, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>The ledger status for a Twilio message status, or null for one that changes nothing.</summary>
    public static DeliveryStatus? Map(string? messageStatus) => messageStatus?.Trim().ToLowerInvariant() switch
    {
        "delivered" => DeliveryStatus.Delivered,
        "undelivered" => DeliveryStatus.Undelivered,
        "failed" => DeliveryStatus.Failed,
        _ => null,
    };

    private static string Describe(string status, string errorCode)
    {
        if (!int.TryParse(errorCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code == 0)
        {
            return $"Twilio reported the message {status.ToLowerInvariant()}.";
        }

        return KnownErrors.TryGetValue(code, out var meaning)
            ? $"Twilio {errorCode}: {meaning}"
            : $"Twilio {errorCode}: the message was {status.ToLowerInvariant()}.";
    }

    private static readonly Dictionary<int, string> KnownErrors = new()
    {
        [21610] = "the recipient has unsubscribed (replied STOP).",
        [30003] = "unreachable destination handset.",
        [30004] = "message blocked.",
        [30005] = "unknown destination handset.",
        [30006] = "landline or unreachable carrier.",
        [30007] = "filtered by the carrier.",
        [30008] = "unknown error.",
        [63016] = "outside the 24-hour window: only an approved template can be sent.",
    };
}
