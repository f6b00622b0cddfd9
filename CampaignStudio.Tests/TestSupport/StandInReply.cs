using System.Globalization;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// How a loopback stand-in (<see cref="TwilioStandIn"/>, <see cref="FcmStandIn"/>) answers one request: its normal
/// success (<see cref="StatusCode"/> null), or a scripted status and body, optionally after a delay, with a
/// <c>Retry-After</c> header, or by dropping the connection. Provider-specific failures come from the stand-ins' own
/// factories (<see cref="TwilioStandIn.InvalidNumber"/>, <see cref="FcmStandIn.Unregistered"/>, …).
/// </summary>
public sealed record StandInReply
{
    /// <summary>The provider's normal success answer (201 with a SID, 200 with a message name).</summary>
    public static readonly StandInReply Success = new();

    /// <summary>The connection is aborted without an answer (the client sees a dropped connection).</summary>
    public static readonly StandInReply Dropped = new() { Drop = true };

    /// <summary>The HTTP status; null for the provider's normal success answer.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The JSON body of a scripted answer.</summary>
    public string? Body { get; init; }

    /// <summary>The raw <c>Retry-After</c> header value (seconds, or an HTTP date).</summary>
    public string? RetryAfter { get; init; }

    /// <summary>How long the stand-in waits before answering (or dropping): longer than a client's timeout makes it time out.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Aborts the connection (after <see cref="Delay"/>) instead of answering.</summary>
    public bool Drop { get; init; }

    /// <summary>True for the provider's normal success answer, which counts as an accepted request.</summary>
    public bool Accepts => StatusCode is null && !Drop;

    /// <summary>The normal success, but only after <paramref name="delay"/>. It counts as accepted when it arrives, as a real provider would have taken the message even if the client gave up.</summary>
    public static StandInReply Slow(TimeSpan delay) => new() { Delay = delay };

    /// <summary>Any status with a JSON body.</summary>
    public static StandInReply Json(int statusCode, string body) => new() { StatusCode = statusCode, Body = body };

    /// <summary>This answer with <c>Retry-After</c> in whole seconds.</summary>
    public StandInReply WithRetryAfter(TimeSpan wait) => this with { RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) };

    /// <summary>This answer with <c>Retry-After</c> as an HTTP date.</summary>
    public StandInReply WithRetryAfter(DateTimeOffset until) => this with { RetryAfter = until.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture) };

    /// <summary>This answer after <paramref name="delay"/>.</summary>
    public StandInReply After(TimeSpan delay) => this with { Delay = delay };
}
