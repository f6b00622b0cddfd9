using System.Net;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Links;

/// <summary>
/// <c>/u/{token}</c>, the unsubscribe link of every message: a <c>GET</c> only shows a page with a button (mail scanners
/// follow links, so a GET never unsubscribes by itself); a <c>POST</c> — the button, or a mail client's one-click
/// request (RFC 8058, <c>List-Unsubscribe=One-Click</c>, no cookies) — unsubscribes. An unknown or tampered token is 404.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/u/{token}", async (string token, UnsubscribeService service, CancellationToken cancellationToken) =>
            await service.FindAsync(token, cancellationToken) is { } target
                ? Page(target.AlreadyUnsubscribed ? "You are unsubscribed" : "Unsubscribe", (target.AlreadyUnsubscribed
                    ? $"<p>You no longer get {Channel(target)} messages from us.</p>"
                    : $"<p>Stop getting {Channel(target)} messages like <strong>{WebUtility.HtmlEncode(target.CampaignName)}</strong>?</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>")
                    + PreferencesForm(token, await service.PreferencesAsync(token, cancellationToken) ?? []))
                : NotFoundPage())
            .AllowAnonymous()
            .ExcludeFromDescription();

        // The preference page's form: the channels ticked stay, the others are left. No cookies or antiforgery token:
        // the signed link is the proof, as for the one-click POST.
        endpoints.MapPost("/u/{token}/preferences", async (string token, HttpRequest request, UnsubscribeService service, CancellationToken cancellationToken) =>
            {
                var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
                var wanted = (form?["channel"] ?? default).Select(v => Enum.TryParse<Channel>(v, ignoreCase: true, out var c) && Enum.IsDefined(c) ? c : (Channel?)null).OfType<Channel>().ToHashSet();
                return await service.SavePreferencesAsync(token, wanted, cancellationToken)
                    ? Page("Preferences saved", PreferencesForm(token, await service.PreferencesAsync(token, cancellationToken) ?? [], saved: true))
                    : NotFoundPage();
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        endpoints.MapPost("/u/{token}", async (string token, UnsubscribeService service, CancellationToken cancellationToken) =>
            await service.FindAsync(token, cancellationToken) is { } target && await service.UnsubscribeAsync(token, cancellationToken)
                ? Page("You are unsubscribed", $"<p>You will not get {Channel(target)} messages like <strong>{WebUtility.HtmlEncode(target.CampaignName)}</strong> any more.</p>")
                : NotFoundPage())
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static string Channel(UnsubscribeTarget target) => target.Channel.Display().ToLowerInvariant() switch
    {
        "sms" => "SMS",
        var other => other,
    };

    private static string PreferencesForm(string token, IReadOnlyList<ChannelPreference> preferences, bool saved = false)
    {
        if (preferences.Count == 0)
        {
            return "";
        }

        var boxes = string.Concat(preferences.Select(p =>
            $"<label style=\"display:block;margin:.4rem 0\"><input type=\"checkbox\" name=\"channel\" value=\"{p.Channel}\"{(p.Subscribed ? " checked" : "")}> {WebUtility.HtmlEncode(p.Channel.Display())} messages</label>"));
        return $"<h2>Your preferences</h2>{(saved ? "<p>Your choices are saved.</p>" : "<p>Or choose how we may reach you:</p>")}" +
            $"<form method=\"post\" action=\"/u/{WebUtility.HtmlEncode(token)}/preferences\">{boxes}<button type=\"submit\">Save preferences</button></form>" +
            "<p style=\"color:#666;font-size:.9rem\">Topics are not offered yet: a channel you leave covers every campaign on it.</p>";
    }

    private static IResult NotFoundPage() => Results.Content(Html("Link not found", "<p>This unsubscribe link is not valid. If you copied it, check that it is complete.</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static IResult Page(string title, string body) => Results.Content(Html(title, body), "text/html; charset=utf-8");

    private static string Html(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#594ae2;color:#fff;cursor:pointer}</style>
        </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1>{{body}}</body></html>
        """;
}
