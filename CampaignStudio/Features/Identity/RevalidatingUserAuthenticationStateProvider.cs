using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// Re-checks the user of every open circuit at <see cref="AccessOptions.RevalidationInterval"/>: a deactivated
/// user, or one whose security stamp changed (roles, password), is signed out of the circuit.
/// </summary>
internal sealed class RevalidatingUserAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AccessOptions> accessOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => accessOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            return await IsStillValidAsync(users, authenticationState.User, identityOptions.Value);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down under a still-open circuit: the session ends with it.
            return false;
        }
    }

    internal static async Task<bool> IsStillValidAsync(UserManager<AppUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        if (principal.FindFirstValue(AppClaimTypes.AuthenticationKind) is "system")
        {
            return true;
        }

        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return false;
        }

        var principalStamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
