using CampaignStudio.Features.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A webhook receiver on loopback: accepts <c>POST /hooks/{anything}</c> with 200 and records every request with its
/// signature and event headers. Script failures with <see cref="LoopbackStandIn{TRequest}.Enqueue"/>
/// (<see cref="StandInReply.Json"/> for a status, <see cref="StandInReply.WithRetryAfter(TimeSpan)"/>,
/// <see cref="StandInReply.Slow"/> for a timeout, <see cref="StandInReply.Dropped"/>).
/// </summary>
public sealed class WebhookReceiver : LoopbackStandIn<WebhookRequest>
{
    private WebhookReceiver()
    {
    }

    /// <summary>The address to configure on an endpoint.</summary>
    public string Url(string name = "campaigns") => new Uri(BaseUrl, "hooks/" + name).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAsync(app => app.MapPost("/hooks/{name}", receiver.HandleAsync));
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<WebhookRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Requests.Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The webhook receiver got {Requests.Count} requests, not {count}.");
            }

            await Task.Delay(50);
        }

        return Requests;
    }

    protected override StandInReply RateLimited() => StandInReply.Json(429, "{}").WithRetryAfter(TimeSpan.FromSeconds(1));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var (reply, arrivedAt) = Decide(null);
        var status = reply.StatusCode ?? 200;
        Record(new WebhookRequest(
            context.Request.Path,
            body,
            context.Request.Headers[WebhookSignature.HeaderName].ToString(),
            context.Request.Headers[WebhookSignature.EventIdHeaderName].ToString(),
            context.Request.Headers[WebhookSignature.EventTypeHeaderName].ToString(),
            context.Request.ContentType,
            arrivedAt,
            reply.Drop ? 0 : status));
        if (!await DelayOrDropAsync(context, reply))
        {
            return;
        }

        context.Response.StatusCode = status;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }

        await context.Response.WriteAsync(reply.Body ?? "{\"received\":true}");
    }
}
