using System.Globalization;
using CampaignStudio.Features.Shared;
using Microsoft.Net.Http.Headers;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// The tracking endpoints: plain minimal APIs with no Blazor circuit, no sign-in and no antiforgery, small and fast.
/// <c>/o/{token}.gif</c> records an open and always answers the 1×1 GIF (404 with it when the token is not ours);
/// <c>/c/{token}</c> records a click and redirects (302) to the link stored for the campaign, or for a personalised
/// link to the <c>u</c> target signed into the token — a tampered or unknown token is 404, and nothing taken from the
/// request is ever redirected to unless its signature covers it; <c>/t/conversion.gif</c> is the landing pages'
/// conversion pixel, attributed by its <c>d</c> token or the click cookie. Each answers only once its hit is committed.
/// </summary>
public static class TrackingEndpoints
{
    public const string ClickCookie = "cs_click";

    /// <summary>
    /// The click cookie's attributes, written as text rather than built per click: only sent back to <c>/t</c> (the
    /// conversion pixel), not readable by scripts, kept 30 days; over HTTPS also sent from a landing page on another site.
    /// </summary>
    private const string CookieScope = "; max-age=2592000; path=/t";
    private const string CookieAttributes = CookieScope + "; samesite=lax; httponly";
    private const string SecureCookieAttributes = CookieScope + "; secure; samesite=none; httponly";

    /// <summary>The smallest transparent GIF (1×1).</summary>
    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Short-circuited: answered as soon as routing matches them, past sign-in, authorisation, antiforgery and the
        // status-code pages, none of which they use (each writes its own answer, also for a bad token).
        endpoints.MapMethods("/o/{token}.gif", [HttpMethods.Get, HttpMethods.Head], OpenAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().ShortCircuit();
        endpoints.MapMethods("/c/{token}", [HttpMethods.Get, HttpMethods.Head], ClickAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().ShortCircuit();
        endpoints.MapMethods("/s/{code}", [HttpMethods.Get, HttpMethods.Head], ShortClickAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().ShortCircuit();
        endpoints.MapGet("/t/conversion.gif", ConversionPixelAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().ShortCircuit();
        return endpoints;
    }

    private static async Task OpenAsync(string token, HttpContext context, TrackingTokens tokens, TrackingHitWriter writer, TimeProvider clock)
    {
        var target = await tokens.VerifyAsync(token, TrackingPurpose.Open, null, context.RequestAborted);
        if (target is { } found)
        {
            await writer.RecordAsync(Hit(context, found, TrackingEventKind.Open, clock), context.RequestAborted);
        }

        await WriteGifAsync(context, target is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static async Task ClickAsync(string token, HttpContext context, TrackingTokens tokens, CampaignLinkStore links, TrackingHitWriter writer, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        string? location = null;
        TrackedDelivery? target = null;
        if (context.Request.Query.TryGetValue("u", out var personalized))
        {
            var url = personalized.Count == 1 ? personalized[0] : null;
            if (url is not null && EmailLinkTracking.IsHttp(url) && await tokens.VerifyAsync(token, TrackingPurpose.PersonalizedClick, url, cancellationToken) is { } signed)
            {
                (target, location) = (signed, url);
            }
        }
        else if (await tokens.VerifyAsync(token, TrackingPurpose.Click, null, cancellationToken) is { } found
            && await links.FindAsync(found.CampaignId, found.LinkIndex, cancellationToken) is { IsPersonalized: false } link
            && EmailLinkTracking.IsHttp(link.Url))
        {
            (target, location) = (found, link.Url);
        }

        await RedirectAsync(context, target, location, tokens, writer, clock);
    }

    /// <summary>
    /// <c>/s/{code}</c>, the short link of an SMS or WhatsApp text: the code names message and link, signed; the message
    /// (read with the target of a personalised link) gives campaign and channel, and the link must be one of that channel.
    /// </summary>
    private static async Task ShortClickAsync(string code, HttpContext context, TrackingTokens tokens, CampaignLinkStore links, DeliveryLinkTargets targets, TrackingHitWriter writer, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        string? location = null;
        TrackedDelivery? target = null;
        if (await tokens.VerifyShortAsync(code, cancellationToken) is { } found
            && await targets.ResolveAsync(found, cancellationToken) is { } message
            && await links.FindAsync(message.CampaignId, found.LinkIndex, cancellationToken) is { } link
            && link.Channel == message.Channel)
        {
            location = link.IsPersonalized ? message.PersonalizedTarget : link.Url;
            target = new TrackedDelivery(found.DeliveryId, message.CampaignId, message.Channel, found.LinkIndex);
        }

        await RedirectAsync(context, target, location is not null && EmailLinkTracking.IsHttp(location) ? location : null, tokens, writer, clock);
    }

    private static async Task RedirectAsync(HttpContext context, TrackedDelivery? target, string? location, TrackingTokens tokens, TrackingHitWriter writer, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        if (target is not { } hit || location is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("This link is not valid. If you copied it, check that it is complete.", cancellationToken);
            return;
        }

        await writer.RecordAsync(Hit(context, hit, TrackingEventKind.Click, clock), cancellationToken);
        var signer = await tokens.SignerAsync(cancellationToken);
        // The token is base64url, a valid cookie value as it is.
        var token = signer.Sign(hit with { LinkIndex = TrackedDelivery.NoLink }, TrackingPurpose.Conversion);
        context.Response.Headers.Append(HeaderNames.SetCookie, string.Concat(ClickCookie + "=", token, context.Request.IsHttps ? SecureCookieAttributes : CookieAttributes));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(location);
    }

    private static async Task ConversionPixelAsync(HttpContext context, TrackingTokens tokens, TrackingHitWriter writer, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        var token = query["d"].FirstOrDefault() ?? context.Request.Cookies[ClickCookie];
        var target = token is null ? null : await ConversionService.VerifyAnyAsync(tokens, token, cancellationToken);
        if (target is not { } found)
        {
            await WriteGifAsync(context, StatusCodes.Status404NotFound);
            return;
        }

        var errors = new Dictionary<string, string[]>();
        decimal? value = null;
        if (query["value"].FirstOrDefault() is { Length: > 0 } text)
        {
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                value = parsed;
            }
            else
            {
                errors["value"] = ["The value is a number such as 1499.00."];
            }
        }

        var (name, currency) = ConversionService.Check(query["name"].FirstOrDefault(), value, query["currency"].FirstOrDefault(), errors);
        if (errors.Count > 0)
        {
            context.Response.Headers["X-Problem"] = string.Join(" ", errors.SelectMany(e => e.Value));
            await WriteGifAsync(context, StatusCodes.Status400BadRequest);
            return;
        }

        await writer.RecordAsync(Hit(context, found, TrackingEventKind.Conversion, clock) with { Name = name, Value = value, Currency = currency }, cancellationToken);
        await WriteGifAsync(context, StatusCodes.Status200OK);
    }

    private static TrackingHit Hit(HttpContext context, TrackedDelivery target, TrackingEventKind kind, TimeProvider clock)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new TrackingHit(target, kind, clock.GetUtcNow().UtcDateTime)
        {
            UserAgent = userAgent.Length == 0 ? null : userAgent,
            // A push notification's open is reported by its app, whose HTTP library's user agent says nothing about a person.
            IsAutomated = kind != TrackingEventKind.Conversion && !(kind == TrackingEventKind.Open && target.Channel == Channel.Push && !HttpMethods.IsHead(context.Request.Method))
                && AutomatedTraffic.IsAutomated(context.Request.Method, userAgent, context.Connection.RemoteIpAddress),
        };
    }

    private static Task WriteGifAsync(HttpContext context, int status)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "image/gif";
        response.ContentLength = Gif.Length;
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(Gif, context.RequestAborted).AsTask();
    }
}
