using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CampaignStudio.Features.Identity;

internal static class AccountEndpoints
{
    public const string EntraIdScheme = "EntraId";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();

        // A form POST (with the antiforgery token Blazor's forms add), so a link cannot sign anyone out.
        account.MapPost("/logout", async ([FromServices] SignInManager<AppUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login?signedOut=true");
        });

        account.MapPost("/external-login", (HttpContext context, [FromServices] SignInManager<AppUser> signInManager, [FromForm] string? returnUrl) =>
        {
            var callback = $"/account/external-callback?returnUrl={Uri.EscapeDataString(LocalOrRoot(returnUrl))}";
            var properties = signInManager.ConfigureExternalAuthenticationProperties(EntraIdScheme, callback);
            return TypedResults.Challenge(properties, [EntraIdScheme]);
        });

        account.MapGet("/external-callback", async (HttpContext context, [FromServices] SignInService signIn, string? returnUrl) =>
        {
            var outcome = await signIn.ExternalSignInAsync();
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            return outcome.Succeeded
                ? Results.LocalRedirect("~" + LocalOrRoot(returnUrl))
                : Results.LocalRedirect($"~/account/login?error={Uri.EscapeDataString(outcome.Error ?? "")}");
        });

        return endpoints;
    }

    /// <summary>Only local paths: never an open redirect.</summary>
    internal static string LocalOrRoot(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
