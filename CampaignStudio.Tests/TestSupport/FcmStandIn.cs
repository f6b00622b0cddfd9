using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// FCM HTTP v1 and Google's OAuth token endpoint on loopback, for channel tests, engine fault tests and rate benchmarks.
/// It makes its own service account (a fresh RSA key; <see cref="ServiceAccountJson"/> has <c>token_uri</c> pointing
/// here), exchanges signed JWTs for access tokens at <c>POST /token</c> (checking the signature, issuer, audience and
/// scope), and answers <c>POST /v1/projects/{id}/messages:send</c> only with a bearer token it issued (401
/// UNAUTHENTICATED otherwise): 200 with a message name by default. Script failures per token or per request with
/// <see cref="LoopbackStandIn{TRequest}.SetReplyFor"/>, <see cref="LoopbackStandIn{TRequest}.Enqueue"/>,
/// <see cref="LoopbackStandIn{TRequest}.When"/> and <see cref="LoopbackStandIn{TRequest}.RateLimitPerSecond"/>, using
/// <see cref="Unregistered"/>, <see cref="InvalidToken"/>, <see cref="SenderIdMismatch"/>, <see cref="QuotaExceeded"/>,
/// <see cref="Unavailable"/>, <see cref="Internal"/>, <see cref="StandInReply.Slow"/> and <see cref="StandInReply.Dropped"/>.
/// <code>
/// await using var fcm = await FcmStandIn.StartAsync();
/// settings: fcm.Settings (Channels:Fcm:BaseUrl, ProjectId, ServiceAccountJson)
/// fcm.SetReplyFor("dead-token", FcmStandIn.Unregistered());
/// </code>
/// </summary>
public sealed class FcmStandIn : LoopbackStandIn<FcmRequest>
{
    public const string DefaultProjectId = "campaignstudio-standin";
    public const string MessagingScope = "https://www.googleapis.com/auth/firebase.messaging";
    private const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    private readonly RSA key = RSA.Create(2048);
    private readonly Lock tokensGate = new();
    private readonly Dictionary<string, DateTimeOffset> issued = new(StringComparer.Ordinal);
    private readonly List<FcmTokenRequest> tokenRequests = [];
    private long sequence;

    private FcmStandIn(string projectId)
    {
        ProjectId = projectId;
        ClientEmail = $"campaignstudio@{projectId}.iam.gserviceaccount.com";
    }

    public string ProjectId { get; }

    /// <summary>The service account's email: the issuer the token endpoint expects.</summary>
    public string ClientEmail { get; }

    /// <summary>The token endpoint, <c>{BaseUrl}token</c>: the service account key's <c>token_uri</c>.</summary>
    public Uri TokenUri => new(BaseUrl, "token");

    /// <summary>How long issued access tokens last (<c>expires_in</c>).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, the token endpoint gives this answer instead of a token (e.g. a 500, or a slow answer).</summary>
    public StandInReply? TokenReply { get; set; }

    /// <summary>A service account key file's content for this stand-in: its own RSA key, <c>token_uri</c> pointing here.</summary>
    public string ServiceAccountJson => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = "standin-key-1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = TokenUri.ToString(),
    }.ToJsonString();

    /// <summary>The settings that point the app's push channel at this stand-in.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Channels:Fcm:BaseUrl"] = BaseUrl.ToString(),
        ["Channels:Fcm:ProjectId"] = ProjectId,
        ["Channels:Fcm:ServiceAccountJson"] = ServiceAccountJson,
    };

    /// <summary>Every request to the token endpoint so far.</summary>
    public IReadOnlyList<FcmTokenRequest> TokenRequests
    {
        get
        {
            lock (tokensGate)
            {
                return [.. tokenRequests];
            }
        }
    }

    public static async Task<FcmStandIn> StartAsync(string projectId = DefaultProjectId)
    {
        var standIn = new FcmStandIn(projectId);
        await standIn.StartAsync(app =>
        {
            app.MapPost("/token", standIn.HandleTokenAsync);
            app.MapPost("/v1/projects/{projectId}/messages:send", standIn.HandleSendAsync);
        });
        return standIn;
    }

    /// <summary>Google's error answer: <c>{"error":{"code","message","status","details":[{FcmError errorCode}]}}</c>.</summary>
    public static StandInReply Error(int httpStatus, string status, string? errorCode, string message)
    {
        var error = new JsonObject { ["code"] = httpStatus, ["message"] = message, ["status"] = status };
        if (errorCode is not null)
        {
            error["details"] = new JsonArray(new JsonObject { ["@type"] = FcmErrorType, ["errorCode"] = errorCode });
        }

        return StandInReply.Json(httpStatus, new JsonObject { ["error"] = error }.ToJsonString());
    }

    /// <summary>404 UNREGISTERED: the app was uninstalled or the token expired.</summary>
    public static StandInReply Unregistered() => Error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");

    /// <summary>400 INVALID_ARGUMENT about the token: not a valid registration token.</summary>
    public static StandInReply InvalidToken() => Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token");

    /// <summary>403 SENDER_ID_MISMATCH: the token belongs to another project.</summary>
    public static StandInReply SenderIdMismatch() => Error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");

    /// <summary>429 QUOTA_EXCEEDED with <c>Retry-After</c> in seconds.</summary>
    public static StandInReply QuotaExceeded(TimeSpan retryAfter) =>
        Error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric 'Send requests'.").WithRetryAfter(retryAfter);

    /// <summary>503 UNAVAILABLE, with <c>Retry-After</c> when given.</summary>
    public static StandInReply Unavailable(TimeSpan? retryAfter = null)
    {
        var reply = Error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
        return retryAfter is { } wait ? reply.WithRetryAfter(wait) : reply;
    }

    /// <summary>500 INTERNAL.</summary>
    public static StandInReply Internal() => Error(500, "INTERNAL", "INTERNAL", "Internal error encountered.");

    /// <summary>Forgets every issued access token, so sends with them get 401 until a new one is fetched.</summary>
    public void RevokeAccessTokens()
    {
        lock (tokensGate)
        {
            issued.Clear();
        }
    }

    protected override StandInReply RateLimited() => QuotaExceeded(TimeSpan.FromSeconds(1));

    protected override void OnStopped() => key.Dispose();

    private async Task HandleTokenAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var grantType = form?["grant_type"].ToString();
        var (claims, refusal) = grantType == JwtBearerGrant ? Verify(form?["assertion"].ToString()) : (null, $"unsupported grant_type '{grantType}'");
        string? accessToken = null;
        if (refusal is null && TokenReply is null)
        {
            accessToken = "standin-access-" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            lock (tokensGate)
            {
                issued[accessToken] = DateTimeOffset.UtcNow + AccessTokenLifetime;
            }
        }

        lock (tokensGate)
        {
            tokenRequests.Add(new FcmTokenRequest(DateTimeOffset.UtcNow, grantType, claims, accessToken, refusal));
        }

        if (TokenReply is { } scripted)
        {
            if (await DelayOrDropAsync(context, scripted))
            {
                await WriteJsonAsync(context, scripted.StatusCode ?? 500, scripted.Body ?? """{"error":"internal_failure"}""", scripted.RetryAfter);
            }

            return;
        }

        if (refusal is not null)
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = refusal }.ToJsonString(), null);
            return;
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (long)AccessTokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }.ToJsonString(), null);
    }

    /// <summary>Checks the JWT a service account signs for the token endpoint: RS256 with our key, our issuer and audience, the messaging scope, not expired.</summary>
    private (JsonObject? Claims, string? Refusal) Verify(string? assertion)
    {
        var parts = assertion?.Split('.') ?? [];
        if (parts.Length != 3)
        {
            return (null, "the assertion is not a JWT");
        }

        JsonObject? header, claims;
        try
        {
            header = JsonNode.Parse(Base64Url(parts[0])) as JsonObject;
            claims = JsonNode.Parse(Base64Url(parts[1])) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "the assertion does not decode");
        }

        if ((string?)header?["alg"] != "RS256")
        {
            return (claims, "the assertion is not RS256");
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return (claims, "the assertion's signature does not match the service account key");
        }

        if ((string?)claims?["iss"] != ClientEmail)
        {
            return (claims, $"the issuer is not {ClientEmail}");
        }

        // Google.Apis.Auth posts to the key's token_uri but keeps Google's token endpoint as the audience, which is
        // what Google's endpoint checks; this one takes either.
        var audience = (string?)claims?["aud"];
        if (audience != GoogleTokenAudience && audience != TokenUri.ToString())
        {
            return (claims, $"the audience is neither {GoogleTokenAudience} nor {TokenUri}");
        }

        if (((string?)claims?["scope"])?.Split(' ').Contains(MessagingScope) != true)
        {
            return (claims, $"the scope does not include {MessagingScope}");
        }

        var expires = claims?["exp"]?.GetValue<long>() ?? 0;
        return DateTimeOffset.FromUnixTimeSeconds(expires) < DateTimeOffset.UtcNow
            ? (claims, "the assertion has expired")
            : (claims, null);
    }

    private async Task HandleSendAsync(HttpContext context, string projectId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        var token = (string?)body?["message"]?["token"];
        var refusal = Check(projectId, authorization, body);
        var (reply, arrivedAt) = refusal is null ? Decide(token) : (refusal, DateTimeOffset.UtcNow);
        var name = reply.Accepts ? $"projects/{projectId}/messages/{Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture)}" : null;
        Record(new FcmRequest(arrivedAt, context.Request.Path, authorization.Length == 0 ? null : authorization, body, reply, name));
        if (!await DelayOrDropAsync(context, reply))
        {
            return;
        }

        await (name is null
            ? WriteJsonAsync(context, reply.StatusCode!.Value, reply.Body ?? "{}", reply.RetryAfter)
            : WriteJsonAsync(context, 200, new JsonObject { ["name"] = name }.ToJsonString(), null));
    }

    /// <summary>What FCM refuses before it looks at the token: credentials, the project, a malformed message.</summary>
    private StandInReply? Check(string projectId, string authorization, JsonObject? body)
    {
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        bool known;
        lock (tokensGate)
        {
            known = bearer is not null && issued.TryGetValue(bearer, out var until) && until > DateTimeOffset.UtcNow;
        }

        if (!known)
        {
            return Error(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials. Expected OAuth 2 access token.");
        }

        if (projectId != ProjectId)
        {
            return Error(403, "PERMISSION_DENIED", null, $"Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/{projectId}'.");
        }

        if (body?["message"] is not JsonObject message || message["token"] is null)
        {
            return Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Recipient of the message is not set.");
        }

        if (message["data"] is JsonObject data && data.Any(p => p.Value is not JsonValue value || value.GetValueKind() != JsonValueKind.String))
        {
            return Error(400, "INVALID_ARGUMENT", null, "Invalid value at 'message.data[0].value' (TYPE_STRING)");
        }

        return null;
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
