using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using CampaignStudio.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A bUnit context for CampaignStudio components: MudBlazor services without transitions, loose JS interop
/// (MudBlazor calls a lot of JS that a test has no use for; tests set up and verify the calls they care about),
/// and <see cref="AuthorizeAs"/> for a signed-in user whose roles go through the app's real policies.
/// </summary>
public abstract class BunitContextBase : BunitContext, IAsyncLifetime
{
    private bool rendererInfoSet;

    protected BunitContextBase()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
    }

    /// <summary>
    /// Adds bUnit's authentication doubles (nobody signed in yet) with the app's real authorization service and
    /// policies (<see cref="Policies.Configure"/>), so that <c>AuthorizeView Policy=...</c> decides exactly as in
    /// the app. Call before the first render.
    /// </summary>
    protected BunitAuthorizationContext AddAppAuthorization()
    {
        var authorization = AddAuthorization();

        // bUnit's doubles grant a policy when a test lists it by name; replace them with the real
        // authorization service and policy provider so the role-to-policy mapping is the app's own.
        Services.RemoveAll<IAuthorizationService>();
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.AddAuthorizationCore(Policies.Configure);
        return authorization;
    }

    /// <summary>
    /// Signs in <paramref name="email"/> with <paramref name="roles"/> as role claims (as the sign-in cookie
    /// carries them) and a display-name claim of <see cref="SignedInDisplayName"/>; see <see cref="AddAppAuthorization"/>.
    /// </summary>
    protected BunitAuthorizationContext AuthorizeAs(string email, params string[] roles)
    {
        var authorization = AddAppAuthorization();

        // Order matters: SetRoles rebuilds the principal without claims, SetClaims keeps name and roles.
        authorization.SetAuthorized(email);
        authorization.SetRoles(roles);
        authorization.SetClaims(new Claim(AppClaimTypes.DisplayName, SignedInDisplayName));
        return authorization;
    }

    /// <summary>Runs before each test; for what a test class needs that is async (a database, an app).</summary>
    protected virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Runs after each test, once the rendered components and the bUnit services are gone.</summary>
    protected virtual ValueTask OnDisposedAsync() => ValueTask.CompletedTask;

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    // MudBlazor's services are IAsyncDisposable only, so the context must be disposed asynchronously;
    // the synchronous Dispose the test framework calls afterwards then has nothing left to do.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await OnDisposedAsync();
    }

    public override IRenderedComponent<TComponent> Render<TComponent>(RenderFragment renderFragment)
    {
        EnsureRendererInfo();
        return base.Render<TComponent>(renderFragment);
    }

    public override IRenderedComponent<ContainerFragment> Render(RenderFragment renderFragment)
    {
        EnsureRendererInfo();
        return base.Render(renderFragment);
    }

    // The app renders interactively on the server, and some components ask. Setting it creates the renderer,
    // which locks the services, so it happens at the first render rather than in the constructor.
    private void EnsureRendererInfo()
    {
        if (!rendererInfoSet)
        {
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            rendererInfoSet = true;
        }
    }

    /// <summary>The display-name claim <see cref="AuthorizeAs"/> gives the user; set it before calling.</summary>
    protected string SignedInDisplayName { get; set; } = "Test User";

    /// <summary>The snackbars shown so far (there need not be a snackbar provider in the render tree).</summary>
    protected IReadOnlyList<Snackbar> ShownSnackbars => [.. Services.GetRequiredService<ISnackbar>().ShownSnackbars];
}
