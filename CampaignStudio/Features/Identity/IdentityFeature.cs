using CampaignStudio.Data;
using CampaignStudio.Features.Identity.ApiKeys;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;

namespace CampaignStudio.Features.Identity;

public static class IdentityFeature
{
    /// <summary>Local accounts, roles and policies, API keys, set-up, and optional Entra ID sign-in.</summary>
    public static WebApplicationBuilder AddIdentityFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var access = builder.Configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() ?? new AccessOptions();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "CampaignStudio.Auth";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        // HTTP requests re-check the cookie's security stamp at least every minute too.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        if (builder.Configuration.GetSection("AzureAd").GetValue<string>("ClientId") is { Length: > 0 })
        {
            // Optional Entra ID sign-in: the OpenID Connect result lands in Identity's external cookie and is
            // matched to an account an admin created (see SignInService.ExternalSignInAsync).
            authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"), AccountEndpoints.EntraIdScheme, cookieScheme: null, displayName: "Microsoft");
            services.Configure<OpenIdConnectOptions>(AccountEndpoints.EntraIdScheme, o => o.SignInScheme = IdentityConstants.ExternalScheme);
        }

        services.AddIdentityCore<AppUser>(options =>
            {
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version2;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = access.MinimumPasswordLength;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = access.MaxFailedSignInAttempts;
                options.Lockout.DefaultLockoutTimeSpan = access.LockoutDuration;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorization(Policies.Configure);
        services.AddScoped<CurrentUser>();
        services.AddScoped<SetupService>();
        services.AddSingleton<SetupState>();
        services.AddScoped<SignInService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<ApiKeyService>();
        return builder;
    }

    public static bool IsEntraIdEnabled(this IConfiguration configuration) =>
        configuration.GetSection("AzureAd").GetValue<string>("ClientId") is { Length: > 0 };

    public static WebApplication UseSetupGate(this WebApplication app)
    {
        app.UseMiddleware<SetupGateMiddleware>();
        return app;
    }
}
