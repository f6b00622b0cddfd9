using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// FCM HTTP v1 over a typed <see cref="HttpClient"/>: one <c>POST /v1/projects/{id}/messages:send</c> per device token,
/// with a bearer token from <see cref="FcmAccessTokens"/>, and FCM's answer turned into an <see cref="FcmTokenResult"/>.
/// It never retries (the engine does) and never throws but for cancellation.
/// </summary>
public sealed class FcmClient
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    private readonly HttpClient http;
    private readonly FcmOptions options;
    private readonly FcmAccessTokens tokens;
    private readonly TimeProvider clock;
    private readonly Uri sendUri;

    public FcmClient(HttpClient http, IOptions<FcmOptions> options, FcmAccessTokens tokens, TimeProvider clock)
    {
        this.http = http;
        this.options = options.Value;
        this.tokens = tokens;
        this.clock = clock;
        var projectId = this.options.ResolveProjectId() ?? "";
        sendUri = new Uri(new Uri(this.options.BaseUrl.TrimEnd('/') + "/"), $"v1/projects/{Uri.EscapeDataString(projectId)}/messages:send");
    }

    public async Task<FcmTokenResult> SendAsync(PushMessage message, string token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var (accessToken, problem) = await AccessTokenAsync(timeout.Token, cancellationToken);
        if (accessToken is null)
        {
            // A refused or unreachable token endpoint is an account problem: retry, so that the campaign pauses on its error rate.
            return Transient(token, problem!);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, sendUri) { Content = JsonContent.Create(FcmPayload.Build(message, token)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Interpret(token, response, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Transient(token, $"FCM did not answer within {options.TimeoutSeconds} s; the notification may have been sent.");
        }
        catch (HttpRequestException ex)
        {
            return Transient(token, $"FCM could not be reached: {ex.Message}");
        }
        catch (IOException ex)
        {
            return Transient(token, $"The connection to FCM broke off: {ex.Message}");
        }
    }

    /// <summary>
    /// Gets an access token (a signed JWT exchanged at the service account's token endpoint, then cached) before a
    /// campaign's first notification. Returns null when one was given, else why not.
    /// </summary>
    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        return (await AccessTokenAsync(timeout.Token, cancellationToken)).Problem;
    }

    /// <summary>The access token, or why there is none (<paramref name="timeout"/> ran out, the key was refused, …).</summary>
    private async Task<(string? AccessToken, string? Problem)> AccessTokenAsync(CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await tokens.GetAsync(timeout), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No FCM access token within {options.TimeoutSeconds} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"No FCM access token: {ex.Message} (check {FcmOptions.SectionName}'s service account key)");
        }
    }

    private FcmTokenResult Interpret(string token, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new FcmTokenResult(token, FcmTokenStatus.Accepted) { Name = ReadName(body) };
        }

        var error = FcmError.Parse(body);
        var code = error.ErrorCode ?? error.Status;
        var reason = $"FCM {status.ToString(CultureInfo.InvariantCulture)}{(code is null ? "" : " " + code)}: {error.Message ?? response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.NotFound || code == "UNREGISTERED"
            || (response.StatusCode == HttpStatusCode.BadRequest && error.IsAboutTheToken)
            || (response.StatusCode == HttpStatusCode.Forbidden && code == "SENDER_ID_MISMATCH"))
        {
            return new FcmTokenResult(token, FcmTokenStatus.Dead) { Error = reason };
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            return Transient(token, reason, RetryAfterHeader.Read(response, clock.GetUtcNow()));
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The project or the credentials, not the message (APNs key missing, API disabled, no permission): retry,
            // so that the campaign pauses on its error rate and nothing is lost.
            return Transient(token, $"{reason} (check {FcmOptions.SectionName} and the Firebase project's settings)");
        }

        return new FcmTokenResult(token, FcmTokenStatus.Permanent) { Error = reason };
    }

    private static FcmTokenResult Transient(string token, string reason, TimeSpan? retryAfter = null) =>
        new(token, FcmTokenStatus.Transient) { Error = reason, RetryAfter = retryAfter };

    private static string? ReadName(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The parts of Google's error body that decide what became of a token.</summary>
    private sealed record FcmError(string? Status, string? ErrorCode, string? Message, bool IsAboutTheToken)
    {
        public static FcmError Parse(string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                {
                    return new FcmError(null, null, null, false);
                }

                var status = Text(error, "status");
                var message = Text(error, "message");
                string? errorCode = null;
                var aboutToken = message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true;
                if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                {
                    foreach (var detail in details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
                    {
                        var type = Text(detail, "@type");
                        if (type == FcmErrorType)
                        {
                            errorCode ??= Text(detail, "errorCode");
                        }
                        else if (type == BadRequestType && detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                        {
                            aboutToken |= violations.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Object && Text(v, "field") == "message.token");
                        }
                    }
                }

                return new FcmError(status, errorCode, message, aboutToken);
            }
            catch (JsonException)
            {
                return new FcmError(null, null, null, false);
            }
        }

        private static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
