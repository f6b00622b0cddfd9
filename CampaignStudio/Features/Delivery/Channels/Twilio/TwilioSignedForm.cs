using Microsoft.AspNetCore.Http.Extensions;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// Reads a form Twilio posted (a status callback, an inbound message) and checks its <c>X-Twilio-Signature</c> against the
/// address Twilio called — <see cref="TwilioOptions.PublicBaseUrl"/> and the request's path, so it validates behind a
/// proxy. A request that is not signed with the account's Auth Token is refused (403) before anything is read from it.
/// </summary>
public static partial class TwilioSignedForm
{
    /// <summary>The form when the request is Twilio's, else why not (the result to answer with).</summary>
    public static async Task<(IFormCollection? Form, IResult? Refusal)> ReadAsync(HttpContext context, TwilioOptions settings, ILogger logger, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var signature = request.Headers[TwilioSignature.HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(signature))
        {
            LogRefused(logger, request.Path, "it has no signature");
            return (null, Refused("The request has no X-Twilio-Signature."));
        }

        if (!request.HasFormContentType)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Twilio posts its webhooks as a form"));
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var url = settings.PublicBaseUrl is { Length: > 0 } publicBase
            ? publicBase.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent()
            : request.GetEncodedUrl();
        if (string.IsNullOrEmpty(settings.AuthToken) || !TwilioSignature.IsValid(settings.AuthToken, url, form, signature))
        {
            LogRefused(logger, request.Path, $"its signature does not match {url}");
            return (null, Refused("The X-Twilio-Signature does not match the request."));
        }

        return (form, null);
    }

    // A body of its own, so that the status code pages do not re-execute the request as a page.
    private static IResult Refused(string detail) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not signed by Twilio", detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Twilio request to {Path}: {Reason}.")]
    private static partial void LogRefused(ILogger logger, PathString path, string reason);
}
