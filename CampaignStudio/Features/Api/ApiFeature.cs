using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Features.Shared;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CampaignStudio.Features.Api;

/// <summary>
/// The <c>/api/v1</c> surface: API-key authentication, problem-details errors, the OpenAPI document.
/// Features add their endpoints to the group <see cref="MapApiV1"/> returns.
/// </summary>
public static class ApiFeature
{
    public const string DocumentName = "v1";
    private const string PerKeyRateLimit = "per-api-key";

    public static WebApplicationBuilder AddApiFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var perMinute = (builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions()).RequestsPerMinutePerKey;
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerKeyRateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = Math.Max(1, perMinute / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / Math.Min(perMinute, 60)),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This API key may make {perMinute} requests per minute. Retry after {response.Headers.RetryAfter} s.",
                    },
                });
            };
        });
        // Enums travel as camelCase strings ("created", "whatsApp"), read case-insensitively.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<ApiKeySecurityDocumentTransformer>();
        });
        return builder;
    }

    /// <summary>Maps <c>/api/v1</c> and <c>/openapi/v1.json</c>; returns the group for features to extend.</summary>
    public static RouteGroupBuilder MapApiV1(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .RequireRateLimiting(PerKeyRateLimit)
            .AddEndpointFilter(ActAsCaller)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/me", (HttpContext context) => Actor.From(context.User) is var actor
                ? TypedResults.Ok(new CallerInfo(actor.Id, context.User.Identity?.Name ?? "", [.. context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)]))
                : null)
            .WithName("GetCaller")
            .WithSummary("Who the presented API key is, and its role.")
            .RequireAuthorization(Policies.Read);

        api.MapGet("/users", (UserAdminService users, CancellationToken cancellationToken) => users.ListAsync(cancellationToken))
            .WithName("ListUsers")
            .WithSummary("The workspace's users and their roles (Admin keys only).");

        return api;
    }

    /// <summary>
    /// Services authorize through <see cref="CurrentUser"/>, which reads the authentication state; under an API
    /// endpoint that state is the API key's principal.
    /// </summary>
    private static ValueTask<object?> ActAsCaller(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.HttpContext.User)));
        }

        return next(context);
    }
}

public sealed record CallerInfo(string Id, string Name, IReadOnlyList<string> Roles);
