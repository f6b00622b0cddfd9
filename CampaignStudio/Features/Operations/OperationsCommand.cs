using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Operations;

/// <summary>
/// Operations commands on the app's own executable, for automation and first deployments:
/// <c>create-admin --email E --password P [--name N]</c>, <c>create-api-key --name N --role R</c>, and the
/// <c>--seed-demo</c> flag (fill an empty workspace with demo data, then run the app).
/// </summary>
public sealed class OperationsCommand
{
    private readonly Dictionary<string, string> options;

    private OperationsCommand(string? verb, Dictionary<string, string> options, bool seedDemo, string[] hostArgs)
    {
        Verb = verb;
        this.options = options;
        SeedDemo = seedDemo;
        HostArgs = hostArgs;
    }

    /// <summary><c>create-admin</c>, <c>create-api-key</c>, or null to run the web app.</summary>
    public string? Verb { get; }

    public bool SeedDemo { get; }

    /// <summary>What is left for the host's own configuration (e.g. <c>--urls</c>).</summary>
    public string[] HostArgs { get; }

    public static OperationsCommand Parse(string[] args)
    {
        string? verb = args.Length > 0 && args[0] is "create-admin" or "create-api-key" ? args[0] : null;
        var seedDemo = args.Contains("--seed-demo");
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hostArgs = new List<string>();
        for (var i = verb is null ? 0 : 1; i < args.Length; i++)
        {
            if (args[i] == "--seed-demo")
            {
                continue;
            }

            if (verb is not null && args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length && IsCommandOption(args[i]))
            {
                options[args[i][2..]] = args[++i];
                continue;
            }

            hostArgs.Add(args[i]);
        }

        return new OperationsCommand(verb, options, seedDemo, [.. hostArgs]);
    }

    private static bool IsCommandOption(string arg) => arg is "--email" or "--password" or "--name" or "--role";

    /// <summary>Runs the command against the built app's services; returns the process exit code.</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.ActAsSystem($"command line ({Verb})");
        try
        {
            switch (Verb)
            {
                case "create-admin":
                    return await CreateAdminAsync(scope.ServiceProvider, output, error);
                case "create-api-key":
                    return await CreateApiKeyAsync(scope.ServiceProvider, output, error);
                default:
                    throw new InvalidOperationException($"Unknown command '{Verb}'.");
            }
        }
        catch (ValidationFailedException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                await error.WriteLineAsync($"{Flag(field)}: {string.Join(" ", messages)}");
            }

            return 2;
        }
        catch (DomainException refused)
        {
            await error.WriteLineAsync(refused.Message);
            return 1;
        }
    }

    /// <summary>Seeds demo data for <c>--seed-demo</c>; false (with the reason written) when the workspace is not empty.</summary>
    public static async Task<bool> SeedDemoAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.ActAsSystem("command line (--seed-demo)");
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
            await output.WriteLineAsync(result.Describe());
            return true;
        }
        catch (DomainException refused)
        {
            await error.WriteLineAsync(refused.Message);
            return false;
        }
    }

    private async Task<int> CreateAdminAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("password", out var password))
        {
            await error.WriteLineAsync("Usage: create-admin --email E --password P [--name \"Display name\"]");
            return 2;
        }

        var name = options.GetValueOrDefault("name") ?? email.Split('@')[0];
        var setup = services.GetRequiredService<SetupService>();
        if (!await setup.IsCompleteAsync())
        {
            var admin = await setup.CreateFirstAdminAsync(new NewAdmin { DisplayName = name, Email = email, Password = password });
            await output.WriteLineAsync($"Created the first admin {admin.Email}; set-up is complete.");
            return 0;
        }

        var created = await services.GetRequiredService<UserAdminService>()
            .CreateAsync(new NewUser { DisplayName = name, Email = email, Password = password, Roles = [Roles.Admin] }, "/");
        await output.WriteLineAsync($"Created admin {created.User.Email}.");
        return 0;
    }

    private async Task<int> CreateApiKeyAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        if (!options.TryGetValue("name", out var name) || !options.TryGetValue("role", out var role))
        {
            await error.WriteLineAsync($"Usage: create-api-key --name N --role R   (R is one of {string.Join(", ", Roles.All.Select(r => r.Name))})");
            return 2;
        }

        var issued = await services.GetRequiredService<ApiKeyService>().IssueAsync(name, role);
        await output.WriteLineAsync($"API key '{issued.Key.Name}' ({issued.Key.Role}). It is shown only now; send it in the {ApiKeyAuthenticationHandler.HeaderName} header:");
        await output.WriteLineAsync(issued.Secret);
        return 0;
    }

    private static string Flag(string field) => field switch
    {
        "" => "error",
        "DisplayName" => "--name",
        _ => "--" + field.ToLowerInvariant(),
    };
}
