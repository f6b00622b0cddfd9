using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// The identity of work that no person started in the UI: operations commands run on the host and, later,
/// background jobs. It holds the Admin role because whoever runs the host's executable already owns the data.
/// </summary>
public static class SystemPrincipal
{
    public static ClaimsPrincipal Create(string what) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "system"),
            new Claim(ClaimTypes.Name, what),
            new Claim(AppClaimTypes.DisplayName, what),
            new Claim(ClaimTypes.Role, Roles.Admin),
            new Claim(AppClaimTypes.AuthenticationKind, "system"),
        ],
        authenticationType: "System"));

    /// <summary>Makes <paramref name="services"/>' scope act as the system for <see cref="CurrentUser"/>.</summary>
    public static void ActAsSystem(this IServiceProvider services, string what)
    {
        var provider = (IHostEnvironmentAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(Create(what))));
    }
}
