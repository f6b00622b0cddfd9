namespace CampaignStudio.Features.Identity;

/// <summary>
/// On an empty workspace every page leads to <c>/setup</c>; once set-up is done, <c>/setup</c> leads to sign-in.
/// Static files, the Blazor framework, health and API requests pass through untouched.
/// </summary>
internal sealed class SetupGateMiddleware(RequestDelegate next, SetupState state)
{
    public const string SetupPath = "/setup";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!IsPage(path))
        {
            await next(context);
            return;
        }

        var complete = await state.IsCompleteAsync(context.RequestAborted);
        var onSetup = path.StartsWithSegments(SetupPath, StringComparison.OrdinalIgnoreCase);
        if (!complete && !onSetup)
        {
            context.Response.Redirect(SetupPath);
            return;
        }

        if (complete && onSetup && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect("/account/login");
            return;
        }

        await next(context);
    }

    private static bool IsPage(PathString path)
    {
        if (Path.HasExtension(path.Value))
        {
            return false;
        }

        string[] passThrough = ["/_framework", "/_content", "/_blazor", "/health", "/api", "/openapi", "/error", "/not-found", "/u", "/c", "/o", "/t"];
        return !passThrough.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
    }
}
