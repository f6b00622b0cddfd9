using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// Twilio's Messages API over a typed <see cref="HttpClient"/>: one form POST per message, Basic auth, and Twilio's answer
/// turned into a <see cref="SendResult"/>. It never retries (the engine does) and never throws but for cancellation.
/// </summary>
public sealed class TwilioClient
{
    /// <summary>
    /// Twilio error codes that say the number itself cannot be reached: invalid or unreachable number, not a mobile,
    /// a landline, the recipient replied STOP (21610), no WhatsApp account behind it.
    /// </summary>
    public static readonly IReadOnlySet<int> InvalidRecipientCodes = new HashSet<int>
    {
        21211, // Invalid 'To' phone number
        21217, // Phone number does not appear to be valid
        21401, // Invalid phone number
        21407, // This phone number type does not support SMS
        21421, // Phone number is invalid
        21610, // Attempt to send to an unsubscribed recipient (STOP)
        21612, // The 'To' phone number is not currently reachable
        21614, // 'To' number is not a valid mobile number
        21635, // 'To' number cannot be a landline
        63003, // Channel could not find To address (WhatsApp)
        63024, // Invalid message recipient (WhatsApp)
    };

    private readonly HttpClient http;
    private readonly TwilioOptions options;
    private readonly TimeProvider clock;
    private readonly Uri messagesUri;
    private readonly Uri accountUri;
    private readonly AuthenticationHeaderValue authorization;

    public TwilioClient(HttpClient http, IOptions<TwilioOptions> options, TimeProvider clock)
    {
        this.http = http;
        this.options = options.Value;
        this.clock = clock;
        var accountSid = this.options.AccountSid ?? "";
        var baseUri = new Uri(this.options.BaseUrl.TrimEnd('/') + "/");
        messagesUri = new Uri(baseUri, $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json");
        accountUri = new Uri(baseUri, $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}.json");
        authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{this.options.AuthToken}")));
    }

    /// <summary>Creates one message from <paramref name="form"/> (To, From or MessagingServiceSid, Body or ContentSid, …).</summary>
    public async Task<SendResult> SendAsync(long deliveryId, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, messagesUri) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Interpret(deliveryId, response, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Transient(deliveryId, $"Twilio did not answer within {options.TimeoutSeconds} s; the message may have been sent.");
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Transient(deliveryId, $"Twilio could not be reached: {ex.Message}");
        }
        catch (IOException ex)
        {
            return SendResult.Transient(deliveryId, $"The connection to Twilio broke off: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads the account (<c>GET /2010-04-01/Accounts/{AccountSid}.json</c>), which sends nothing: it opens a connection
    /// and checks the credentials before a campaign's first message. Returns null when Twilio answered with the account,
    /// else what went wrong.
    /// </summary>
    public async Task<string?> ReadAccountAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, accountUri);
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var (_, reason) = Refusal(response, body);
            return response.StatusCode == HttpStatusCode.Unauthorized
                ? $"{reason} (check {TwilioOptions.SectionName}:AccountSid and AuthToken)"
                : reason;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Twilio did not answer within {options.TimeoutSeconds} s.";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return $"Twilio could not be reached: {ex.Message}";
        }
    }

    private SendResult Interpret(long deliveryId, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return SendResult.Accepted(deliveryId, ReadString(body, "sid"));
        }

        var (code, reason) = Refusal(response, body);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
        {
            return SendResult.Transient(deliveryId, reason, RetryAfterHeader.Read(response, clock.GetUtcNow()));
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The account, not the message: retry, so that the campaign pauses on its error rate and nothing is lost.
            return SendResult.Transient(deliveryId, $"{reason} (check {TwilioOptions.SectionName}:AccountSid and AuthToken)");
        }

        return code is { } known && InvalidRecipientCodes.Contains(known)
            ? SendResult.InvalidRecipient(deliveryId, reason)
            : SendResult.Permanent(deliveryId, reason);
    }

    /// <summary>Twilio's error code, when its answer has one, and the reason to record: the code and Twilio's message, or the HTTP status.</summary>
    private static (int? Code, string Reason) Refusal(HttpResponseMessage response, string body)
    {
        var (code, message) = ReadError(body);
        return (code, code is null
            ? $"Twilio answered {(int)response.StatusCode} {response.ReasonPhrase}{(message is null ? "" : ": " + message)}"
            : $"Twilio {code.Value.ToString(CultureInfo.InvariantCulture)}: {message ?? response.ReasonPhrase}");
    }

    private static (int? Code, string? Message) ReadError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            int? code = json.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? ReadString(string body, string property)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
