using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// What the provider stand-ins share: a tiny Kestrel app on a free loopback port, and the script that decides each
/// answer. A request's answer is, in order: the next queued reply (<see cref="Enqueue"/>), the reply set for its
/// recipient (<see cref="SetReplyFor"/>), the first matching rule (<see cref="When"/>), a 429 when
/// <see cref="RateLimitPerSecond"/> is exceeded, else the provider's normal success. Every request is recorded, and the
/// arrival time of each accepted one is kept for rate measurements (<see cref="PeakAccepted"/>). Thread-safe.
/// </summary>
/// <typeparam name="TRequest">What the stand-in records of each request.</typeparam>
public abstract class LoopbackStandIn<TRequest> : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Queue<StandInReply> queued = new();
    private readonly Dictionary<string, StandInReply> byRecipient = new(StringComparer.Ordinal);
    private readonly List<Func<string, StandInReply?>> rules = [];
    private readonly List<DateTimeOffset> accepted = [];
    private readonly List<TRequest> requests = [];
    private WebApplication? app;

    /// <summary>The stand-in's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, accepted requests beyond this many in any trailing second get a 429 with <c>Retry-After: 1</c>, as a provider enforcing its rate would answer.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>Every request so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<TRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Arrival times of the requests answered with the normal success, in arrival order.</summary>
    public IReadOnlyList<DateTimeOffset> AcceptedAt
    {
        get
        {
            lock (gate)
            {
                return [.. accepted];
            }
        }
    }

    /// <summary>How many requests were accepted.</summary>
    public int AcceptedCount
    {
        get
        {
            lock (gate)
            {
                return accepted.Count;
            }
        }
    }

    /// <summary>The most accepted requests in any window of <paramref name="window"/> (default one second): compare it with a configured rate.</summary>
    public int PeakAccepted(TimeSpan? window = null)
    {
        var span = window ?? TimeSpan.FromSeconds(1);
        var times = AcceptedAt.Order().ToList();
        var peak = 0;
        for (int start = 0, end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= span)
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }

    /// <summary>The next requests, whoever they are for, get these replies in order (before any other script).</summary>
    public void Enqueue(params StandInReply[] replies)
    {
        lock (gate)
        {
            foreach (var reply in replies)
            {
                queued.Enqueue(reply);
            }
        }
    }

    /// <summary>Every request to <paramref name="recipient"/> (a phone number, a device token) gets <paramref name="reply"/>, until <see cref="ClearScript"/>.</summary>
    public void SetReplyFor(string recipient, StandInReply reply)
    {
        lock (gate)
        {
            byRecipient[Normalize(recipient)] = reply;
        }
    }

    /// <summary>Requests for which <paramref name="rule"/> (given the recipient) returns a reply get it; null lets the request through.</summary>
    public void When(Func<string, StandInReply?> rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }
    }

    /// <summary>Forgets queued replies, recipient replies, rules and the rate limit; recordings stay.</summary>
    public void ClearScript()
    {
        lock (gate)
        {
            queued.Clear();
            byRecipient.Clear();
            rules.Clear();
            RateLimitPerSecond = null;
        }
    }

    /// <summary>Forgets the recorded requests and accepted times.</summary>
    public void ClearRecordings()
    {
        lock (gate)
        {
            accepted.Clear();
            requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        OnStopped();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the stand-in holds besides its web app.</summary>
    protected virtual void OnStopped()
    {
    }

    /// <summary>How a recipient is compared (e.g. without a <c>whatsapp:</c> prefix).</summary>
    protected virtual string Normalize(string recipient) => recipient;

    protected async Task StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "StandIn", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Decides the answer for a request to <paramref name="recipient"/> and, when it accepts, records its arrival time (returned).</summary>
    protected (StandInReply Reply, DateTimeOffset ArrivedAt) Decide(string? recipient)
    {
        lock (gate)
        {
            var arrivedAt = DateTimeOffset.UtcNow;
            var reply = queued.Count > 0 ? queued.Dequeue() : null;
            var key = recipient is null ? null : Normalize(recipient);
            if (reply is null && key is not null && byRecipient.TryGetValue(key, out var scripted))
            {
                reply = scripted;
            }

            if (reply is null && key is not null)
            {
                reply = rules.Select(rule => rule(key)).FirstOrDefault(r => r is not null);
            }

            if (reply is null && RateLimitPerSecond is { } limit && AcceptedInLastSecond(arrivedAt, limit) >= limit)
            {
                reply = RateLimited();
            }

            reply ??= StandInReply.Success;
            if (reply.Accepts)
            {
                accepted.Add(arrivedAt);
            }

            return (reply, arrivedAt);
        }
    }

    /// <summary>Records what the request was and how it was answered.</summary>
    protected void Record(TRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
        }
    }

    /// <summary>Accepted requests in the second before <paramref name="now"/>, counting back from the newest (so at most <paramref name="enough"/> are looked at).</summary>
    private int AcceptedInLastSecond(DateTimeOffset now, int enough)
    {
        var count = 0;
        for (var i = accepted.Count - 1; i >= 0 && count < enough && now - accepted[i] < TimeSpan.FromSeconds(1); i--)
        {
            count++;
        }

        return count;
    }

    /// <summary>The provider's answer when <see cref="RateLimitPerSecond"/> is exceeded.</summary>
    protected abstract StandInReply RateLimited();

    /// <summary>Waits, then drops the connection or writes the scripted answer; returns false when it did not write (dropped, or the client went away).</summary>
    protected async Task<bool> DelayOrDropAsync(HttpContext context, StandInReply reply)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                // A stand-in that is stopping does not hold its slow answers back until their time is up.
                using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app!.Lifetime.ApplicationStopping);
                await Task.Delay(reply.Delay, abandoned.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return false;
            }
        }

        if (reply.Drop)
        {
            context.Abort();
            return false;
        }

        return true;
    }

    protected static async Task WriteJsonAsync(HttpContext context, int statusCode, string body, string? retryAfter)
    {
        context.Response.StatusCode = statusCode;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
