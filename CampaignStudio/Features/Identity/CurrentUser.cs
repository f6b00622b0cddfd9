using System.Security.Claims;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// Who is asking, for services. In a Blazor circuit it is the circuit's user; under an API endpoint it is the
/// API key (the endpoint sets the authentication state); on the command line it is <see cref="SystemPrincipal"/>.
/// Services call <see cref="RequireAsync"/> before they change or reveal anything, so that hiding a button is
/// never the only guard.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> GetPrincipalAsync() => (await authenticationState.GetAuthenticationStateAsync()).User;

    /// <summary>Throws <see cref="ForbiddenException"/> unless the current user satisfies <paramref name="policy"/>.</summary>
    public async Task<Actor> RequireAsync(string policy)
    {
        var principal = await GetPrincipalAsync();
        if (principal.Identity?.IsAuthenticated != true)
        {
            throw new ForbiddenException("Sign in first.");
        }

        var result = await authorization.AuthorizeAsync(principal, policy);
        if (!result.Succeeded)
        {
            throw new ForbiddenException($"You are not allowed to {Policies.Describe(policy)}.");
        }

        return Actor.From(principal);
    }

    public async Task<bool> IsAllowedAsync(string policy)
    {
        var principal = await GetPrincipalAsync();
        return principal.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(principal, policy)).Succeeded;
    }
}

/// <summary>Who did something, as recorded on what they did.</summary>
public sealed record Actor(string Id, string Name)
{
    public static Actor From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown",
        principal.FindFirstValue(AppClaimTypes.DisplayName) ?? principal.Identity?.Name ?? "unknown");
}
