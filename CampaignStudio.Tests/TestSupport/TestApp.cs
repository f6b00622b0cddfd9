using System.Security.Claims;
using CampaignStudio.Features.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// The real app (Program.cs, real middleware, real database) on a database of its own. Use
/// <see cref="StartAsync"/>; dispose to drop the database.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";
    public const string Password = "Correct-Horse-42";

    private readonly TestDatabase database;
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly List<Func<Task>> closeFirst = [];

    private TestApp(TestDatabase database, Dictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
    {
        this.database = database;
        this.settings = settings;
        this.configureServices = configureServices;
    }

    public TestDatabase Database => database;

    public static async Task<TestApp> StartAsync(DatabaseKind kind, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var all = new Dictionary<string, string?>(database.Settings)
        {
            // The sending engine runs only in tests that ask for it (Campaigns:Delivery:Enabled = true), so
            // scheduling a campaign elsewhere does not start it behind the test's back.
            ["Campaigns:Delivery:Enabled"] = "false",
            // Likewise the "starting soon" scan: tests that want it ask for it (or call it).
            ["Notifications:UpcomingEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new TestApp(database, all, services);
        if (kestrel)
        {
            app.UseKestrel(0);
        }

        app.StartServer();
        return app;
    }

    /// <summary>The address a browser can reach (when started with kestrel: true).</summary>
    public Uri ServerAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A service scope that acts as <paramref name="principal"/> for <see cref="CurrentUser"/>.</summary>
    public AsyncServiceScope ScopeFor(ClaimsPrincipal principal)
    {
        var scope = Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    /// <summary>A service scope acting as the given user, with the same claims their sign-in cookie would carry.</summary>
    public async Task<AsyncServiceScope> ScopeForUserAsync(string email)
    {
        await using var lookup = Services.CreateAsyncScope();
        var users = lookup.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        return ScopeFor(await factory.CreateAsync(user));
    }

    /// <summary>Creates the first admin through the set-up service, as /setup does.</summary>
    public async Task CreateFirstAdminAsync(string email = AdminEmail, string password = Password)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SetupService>()
            .CreateFirstAdminAsync(new NewAdmin { DisplayName = "Ada Admin", Email = email, Password = password });
    }

    /// <summary>Creates a user with <paramref name="role"/> through the admin service, acting as the first admin.</summary>
    public async Task<UserSummary> CreateUserAsync(string email, string role, string? password = Password, string name = "Test User", string adminEmail = AdminEmail)
    {
        await using var scope = await ScopeForUserAsync(adminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
            .CreateAsync(new NewUser { DisplayName = name, Email = email, Password = password, Roles = [role] }, "http://localhost");
        return created.User;
    }

    /// <summary>
    /// Runs <paramref name="close"/> when the app is disposed, before its server stops: a browser context on it, so the
    /// page does not go on trying to reconnect (and rendering) for the rest of the test run.
    /// </summary>
    public void CloseWithApp(Func<Task> close) => closeFirst.Add(close);

    public override async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var close in Enumerable.Reverse(closeFirst))
        {
            try
            {
                await close();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        await base.DisposeAsync();
        await database.DisposeAsync();
        if (failures.Count > 0)
        {
            throw new AggregateException("Closing what was opened on the app failed.", failures);
        }
    }
}
