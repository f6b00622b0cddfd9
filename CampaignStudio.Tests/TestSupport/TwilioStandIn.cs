using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// Twilio's Messages API on loopback, for channel tests, engine fault tests and rate benchmarks. It answers
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c> as Twilio does: Basic auth checked (401, code 20003,
/// otherwise), the form checked (To; From or MessagingServiceSid; Body or ContentSid), 201 with a fresh <c>SM…</c> SID.
/// <c>GET /2010-04-01/Accounts/{AccountSid}.json</c> answers the account (401 with wrong credentials), counted in
/// <see cref="AccountReads"/>, not in the requests.
/// Script failures with <see cref="LoopbackStandIn{TRequest}.Enqueue"/> (next requests),
/// <see cref="LoopbackStandIn{TRequest}.SetReplyFor"/> (a number, with or without <c>whatsapp:</c>),
/// <see cref="LoopbackStandIn{TRequest}.When"/> (a rule) and <see cref="LoopbackStandIn{TRequest}.RateLimitPerSecond"/>,
/// using <see cref="InvalidNumber"/>, <see cref="Unsubscribed"/>, <see cref="TooManyRequests"/>, <see cref="ServerError"/>,
/// <see cref="StandInReply.Slow"/> and <see cref="StandInReply.Dropped"/>. It can post status callbacks to the app as
/// Twilio would (<see cref="SendStatusCallbackAsync(HttpClient, string, string, string?, TwilioCallbackSignature)"/>).
/// <code>
/// await using var twilio = await TwilioStandIn.StartAsync();
/// settings: Channels:Twilio:BaseUrl = twilio.BaseUrl, AccountSid = twilio.AccountSid, AuthToken = twilio.AuthToken
/// twilio.SetReplyFor("+919800000001", TwilioStandIn.InvalidNumber());
/// twilio.Enqueue(TwilioStandIn.TooManyRequests(TimeSpan.FromSeconds(2)), StandInReply.Dropped);
/// </code>
/// </summary>
public sealed class TwilioStandIn : LoopbackStandIn<TwilioRequest>
{
    public const string DefaultAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string DefaultAuthToken = "standin-auth-token-0123456789abcdef";
    private const string WhatsAppPrefix = "whatsapp:";

    private TwilioStandIn(string accountSid, string authToken)
    {
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>When each account read arrived (credentials right or not), in order.</summary>
    public IReadOnlyList<DateTimeOffset> AccountReads
    {
        get
        {
            lock (accountReads)
            {
                return [.. accountReads];
            }
        }
    }

    /// <summary>What the next account reads answer instead of the account (e.g. a 500), when set.</summary>
    public StandInReply? AccountReply { get; set; }

    private readonly List<DateTimeOffset> accountReads = [];

    /// <summary>The settings that point the app's Twilio channels at this stand-in (add FromNumber, WhatsAppFrom, …).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Channels:Twilio:BaseUrl"] = BaseUrl.ToString(),
        ["Channels:Twilio:AccountSid"] = AccountSid,
        ["Channels:Twilio:AuthToken"] = AuthToken,
    };

    public static async Task<TwilioStandIn> StartAsync(string accountSid = DefaultAccountSid, string authToken = DefaultAuthToken)
    {
        var standIn = new TwilioStandIn(accountSid, authToken);
        await standIn.StartAsync(app =>
        {
            app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", standIn.HandleAsync);
            app.MapGet("/2010-04-01/Accounts/{account}", standIn.ReadAccountAsync);
        });
        return standIn;
    }

    /// <summary>A Twilio error answer: <c>{"code":…,"message":…,"more_info":…,"status":…}</c>.</summary>
    public static StandInReply Error(int httpStatus, int code, string message) => StandInReply.Json(httpStatus, JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code.ToString(CultureInfo.InvariantCulture)}",
        ["status"] = httpStatus,
    }));

    /// <summary>400, code 21211 by default: the number is not valid (or another bad-number code: 21614, 21612, 63003, …).</summary>
    public static StandInReply InvalidNumber(int code = 21211) => Error(400, code, code switch
    {
        21614 => "'To' number is not a valid mobile number",
        21612 => "The 'To' phone number is not currently reachable via SMS",
        63003 => "Channel could not find To address",
        _ => "The 'To' number is not a valid phone number.",
    });

    /// <summary>400, code 21610: the recipient replied STOP.</summary>
    public static StandInReply Unsubscribed() => Error(400, 21610, "Attempt to send to unsubscribed recipient");

    /// <summary>429, code 20429, with <c>Retry-After</c> in seconds.</summary>
    public static StandInReply TooManyRequests(TimeSpan retryAfter) => Error(429, 20429, "Too Many Requests").WithRetryAfter(retryAfter);

    /// <summary>500 (or 502/503), code 20500.</summary>
    public static StandInReply ServerError(int httpStatus = 500) => Error(httpStatus, 20500, "An internal server error has occurred");

    /// <summary>The request (accepted or not) that created the message with this SID.</summary>
    public TwilioRequest RequestWithSid(string sid) =>
        Requests.LastOrDefault(r => r.Sid == sid) ?? throw new InvalidOperationException($"The stand-in created no message {sid}.");

    /// <summary>
    /// Posts Twilio's status callback for a message the stand-in accepted, to the StatusCallback URL the message was
    /// sent with: signed over that public URL, posted to the same path on <paramref name="app"/> (whose base address
    /// may differ, as behind a proxy).
    /// </summary>
    public Task<HttpResponseMessage> SendStatusCallbackAsync(HttpClient app, string messageSid, string messageStatus, string? errorCode = null, TwilioCallbackSignature signature = TwilioCallbackSignature.Valid)
    {
        var request = RequestWithSid(messageSid);
        var callback = request.StatusCallback ?? throw new InvalidOperationException($"Message {messageSid} was sent without a StatusCallback.");
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = request.From ?? request.MessagingServiceSid ?? "",
            ["MessageSid"] = messageSid,
            ["MessageStatus"] = messageStatus,
            ["SmsSid"] = messageSid,
            ["SmsStatus"] = messageStatus,
            ["To"] = request.To ?? "",
        };
        if (request.MessagingServiceSid is { } service)
        {
            parameters["MessagingServiceSid"] = service;
        }

        if (errorCode is not null)
        {
            parameters["ErrorCode"] = errorCode;
        }

        return SendStatusCallbackAsync(app, new Uri(callback), parameters, signature);
    }

    /// <summary>Posts any parameters as a status callback to <paramref name="publicUrl"/>'s path on <paramref name="app"/>, signed over <paramref name="publicUrl"/>.</summary>
    public async Task<HttpResponseMessage> SendStatusCallbackAsync(HttpClient app, Uri publicUrl, IReadOnlyDictionary<string, string> parameters, TwilioCallbackSignature signature = TwilioCallbackSignature.Valid)
    {
        var posted = new Dictionary<string, string>(parameters);
        using var message = new HttpRequestMessage(HttpMethod.Post, publicUrl.PathAndQuery);
        if (signature != TwilioCallbackSignature.Missing)
        {
            var key = signature == TwilioCallbackSignature.WrongKey ? AuthToken + "-not" : AuthToken;
            message.Headers.Add("X-Twilio-Signature", Sign(key, publicUrl.OriginalString, posted));
        }

        if (signature == TwilioCallbackSignature.Tampered)
        {
            posted["MessageStatus"] = posted.GetValueOrDefault("MessageStatus") == "delivered" ? "failed" : "delivered";
        }

        message.Content = new FormUrlEncodedContent(posted);
        return await app.SendAsync(message);
    }

    /// <summary>Twilio's signature, computed here independently of the app's code: base64 HMAC-SHA1 of the URL followed by each parameter's name and value, sorted by name.</summary>
    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var name in parameters.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(name).Append(parameters[name]);
        }

        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data.ToString())));
    }

    protected override string Normalize(string recipient) =>
        recipient.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase) ? recipient[WhatsAppPrefix.Length..] : recipient;

    protected override StandInReply RateLimited() => TooManyRequests(TimeSpan.FromSeconds(1));

    private async Task HandleAsync(HttpContext context, string accountSid)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var fields = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? [];
        var authorization = context.Request.Headers.Authorization.ToString();
        var refusal = Check(accountSid, authorization, fields);
        var (reply, arrivedAt) = refusal is null ? Decide(fields.GetValueOrDefault("To")) : (refusal, DateTimeOffset.UtcNow);
        var sid = reply.Accepts ? "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null;
        Record(new TwilioRequest(arrivedAt, context.Request.Path, authorization.Length == 0 ? null : authorization, fields, reply, sid));
        if (!await DelayOrDropAsync(context, reply))
        {
            return;
        }

        if (sid is null)
        {
            await WriteJsonAsync(context, reply.StatusCode!.Value, reply.Body ?? "{}", reply.RetryAfter);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status201Created, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sid"] = sid,
            ["account_sid"] = accountSid,
            ["to"] = fields.GetValueOrDefault("To"),
            ["from"] = fields.GetValueOrDefault("From"),
            ["messaging_service_sid"] = fields.GetValueOrDefault("MessagingServiceSid"),
            ["body"] = fields.GetValueOrDefault("Body"),
            ["status"] = "queued",
            ["api_version"] = "2010-04-01",
        }), null);
    }

    /// <summary>The account resource, as Twilio answers <c>GET /2010-04-01/Accounts/{AccountSid}.json</c>.</summary>
    private async Task ReadAccountAsync(HttpContext context, string account)
    {
        lock (accountReads)
        {
            accountReads.Add(DateTimeOffset.UtcNow);
        }

        var accountSid = account.EndsWith(".json", StringComparison.Ordinal) ? account[..^".json".Length] : account;
        var refusal = Authenticated(accountSid, context.Request.Headers.Authorization.ToString()) ? AccountReply : Error(401, 20003, "Authenticate");
        if (refusal is not null)
        {
            await WriteJsonAsync(context, refusal.StatusCode ?? StatusCodes.Status500InternalServerError, refusal.Body ?? "{}", refusal.RetryAfter);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sid"] = AccountSid,
            ["friendly_name"] = "Stand-in account",
            ["status"] = "active",
            ["type"] = "Full",
        }), null);
    }

    /// <summary>Whether the request is for this account and carries its Basic credentials.</summary>
    private bool Authenticated(string accountSid, string authorization) =>
        accountSid == AccountSid
        && authorization == new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"))).ToString();

    /// <summary>What Twilio refuses before it looks at the message: credentials and missing fields.</summary>
    private StandInReply? Check(string accountSid, string authorization, Dictionary<string, string> form)
    {
        if (!Authenticated(accountSid, authorization))
        {
            return Error(401, 20003, "Authenticate");
        }

        if (!form.ContainsKey("To"))
        {
            return Error(400, 21604, "A 'To' phone number is required.");
        }

        if (!form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid"))
        {
            return Error(400, 21603, "A 'From' phone number is required.");
        }

        if (!form.ContainsKey("Body") && !form.ContainsKey("ContentSid"))
        {
            return Error(400, 21602, "Message body is required.");
        }

        return null;
    }
}
